// Printed voter codes: cards to cut (codes generated without a roll) and letters to mail (one
// per line of a census, the person's address block taken from the census file and never
// stored). Both carry the commune, the consultation, the voting address with a QR code of it,
// the voting dates, what a ballot may hold, the code, that the vote is secret, and a help
// line. The code is printed, never put in the QR code: a URL holding it would leave it in
// browser histories and server logs.
#pragma once

#include "backend/app_context.h"

#include <string>
#include <vector>

namespace quartier {

// Where residents vote: the commune's vote_url when it has one (the page of its own site
// that embeds the ballot), else this server's plain ballot page for the process, at the
// address the admin's request came to (http only for a loopback host).
std::string VoteAddress(const Tenant& t, const Process& p, const Request& req);

// The voting window as printed ("du 3 au 17 mars 2027"), empty when the calendar has none.
std::string VotingDatesText(const Process& p, const std::string& lang);

// One card per code, 8.5 × 5.5 cm, ten to an A4 page.
std::string VoterCardsHtml(const Tenant& t, const Process& p, const std::vector<std::string>& codes,
                           const std::string& vote_address, const std::string& lang);

struct VoterLetter {
    std::vector<std::string> address; // the recipient's lines, as in the census file
    std::string code;
};
// One A4 letter per voter, the address block placed for a window envelope (DL, right).
std::string VoterLettersHtml(const Tenant& t, const Process& p, const std::vector<VoterLetter>& letters,
                             const std::string& vote_address, const std::string& lang);

} // namespace quartier
