// Words for people in their language, from gettext catalogs (po/*.po, compiled by msgfmt to
// .mo at build time). French is the source language: the code writes the French text, which
// is the message id, and a catalog gives it in another language. The server holds every
// catalog; a widget holds only its own language's (embed.js fetches it beside the module).
//
//   Tr(lang, "Voter")                       "Vote" in English, "Votar" in Spanish
//   TrC(lang, "phase", "Vote")              the same French words meaning something else
//   TrN(lang, n, "projet", "projets")       singular or plural as the language counts
//   Fill(Tr(lang, "Vote : {}"), title)      a placeholder, for texts that carry a value
//
// A language without a catalog reads English; English without one reads French. Catalogs are
// added before any thread reads them (the server at start, a widget before its first frame).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quartier {

// One compiled catalog (a GNU .mo file): messages, contexts, plural forms and their rule.
class Catalog {
public:
    // Reads msgfmt's output; nullptr and *error set when the bytes are not a .mo file.
    static std::unique_ptr<Catalog> FromMo(std::string bytes, std::string* error);

    // The translation, or nullptr when the catalog does not have it.
    const char* Find(std::string_view msgid) const;
    const char* Find(std::string_view context, std::string_view msgid) const;
    // The plural form for n of the message whose singular id is `one`; nullptr when missing.
    const char* FindPlural(std::string_view one, std::int64_t n) const;
    // Which plural form n takes (the catalog's Plural-Forms rule).
    int PluralIndex(std::int64_t n) const;
    std::size_t Size() const { return m_messages.size(); }
    const std::string& Language() const { return m_language; } // the header's Language:

    struct Expr; // the Plural-Forms expression, parsed once
    ~Catalog();

private:
    Catalog() = default;
    std::string m_bytes;
    std::string m_language;
    int m_nplurals = 2;
    std::unique_ptr<Expr> m_plural;
    // id (with "context\x04" in front when it has one) -> translation (forms separated by \0)
    std::unordered_map<std::string_view, std::string_view> m_messages;
};

// Parses a Plural-Forms expression such as "n != 1" or "(n==1 ? 0 : n%10>=2 && … ? 1 : 2)" and
// gives its value for n; -1 when the expression cannot be read.
int EvaluatePluralRule(std::string_view expression, std::int64_t n);

// The catalogs the program holds, by language code ("en", "es", "oc"…).
void AddCatalog(const std::string& lang, std::unique_ptr<Catalog> catalog);
// The catalog used for lang ("es-ES" -> "es"), nullptr for the source language (French).
const Catalog* CatalogFor(std::string_view lang);
// The languages people can choose: French, then each catalog's, in the order added.
std::vector<std::string> Languages();
// lang reduced to one the program speaks: "es-ES" -> "es", "de" -> "en", "fr-BE" -> "fr".
std::string SpokenLanguage(std::string_view lang);
// True when lang reads the source language (French), whose texts are the code's own.
bool IsSourceLanguage(std::string_view lang);

const char* Tr(std::string_view lang, const char* msgid);
const char* TrC(std::string_view lang, const char* context, const char* msgid);
// The French singular `one` or plural `many` for n, translated; the number is not included.
const char* TrN(std::string_view lang, std::int64_t n, const char* one, const char* many);

// Every catalog of po/, compiled into the program (the quartier_catalogs library, native
// builds): AddBuiltInCatalogs() adds them all; BuiltInCatalogBytes gives one's .mo bytes (what
// the server sends a widget), nullptr for a language without one.
void AddBuiltInCatalogs();
const unsigned char* BuiltInCatalogBytes(const std::string& lang, std::size_t* size);

// "{}" in text replaced by the values in order: Fill("{} sur {}", a, b); "{0}", "{1}"… by
// place, for a language that says them in another order: "{1} {0}".
std::string Fill(std::string_view text, std::initializer_list<std::string_view> values);
std::string Fill(std::string_view text, const std::vector<std::string>& values);
template <typename... Values>
std::string Fill(std::string_view text, const Values&... values) {
    return Fill(text, {std::string_view(values)...});
}

// Marks a French text for the catalog where it is written (a table), translated where shown.
#define N_(text) text
// The same, with the context its translation takes in TrC (a short month, a phase…).
#define NC_(context, text) text

} // namespace quartier
