// A text for people kept until its language is known: the French words (the catalogs' msgid)
// and the values of its placeholders. An error is made where the language is unknown (a
// validation, a handler deep in a request) and said where the answer is made, in the
// request's language: Msg("Le titre ne doit pas dépasser {} caractères.", max).In("es").
//
//   Msg("Le projet {} est introuvable.", id)          a value, shown as it is
//   Msg("Le vote n’est pas ouvert : {}.", WordC("phase", "Dépôt"))
//                                                     a word, translated in the same language
//   Msg("Le dépouillement a échoué : {}.", other)     another Msg, said in the same language
//   MsgN(n, "Choisissez au moins {} projet.", "Choisissez au moins {} projets.", n)
//                                                     singular or plural as the language counts
//   Msg("… au moins {} % du budget de {}.", pct, InEuros{budget})
//                                                     an amount (Grouped{n}: a grouped number)
//   Msg::Verbatim(text)                               words already in their language (a
//                                                     server's answer read by a widget)
//
// Values are never looked up in a catalog: a word argument says so with Word/WordC, so that a
// name or a number is never translated by accident. The constructor takes a string literal
// only, so the French text is where xgettext finds it (scripts/i18n/extract: Msg, MsgC, MsgN,
// Word, WordC); a text from a table marked N_ goes through Msg::Marked.
#pragma once

#include "shared/decimal.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace quartier {

class Msg;

// A word the catalogs translate, put in a message's placeholder: a phase's name, "proposition".
struct Word {
    explicit Word(const char* id_) : id(id_) {}
    Word(const char* context_, const char* id_) : context(context_), id(id_) {}
    const char* context = nullptr;
    const char* id;
};
inline Word WordC(const char* context, const char* id) { return Word(context, id); }

// An amount of euros, written as the language writes it (FormatEuros): 12 500 €, €12,500.
struct InEuros {
    Decimal amount;
};
// A number with its digits grouped as the language groups them (FormatCount): 12 500, 12,500.
struct Grouped {
    std::int64_t n;
};

// A value whose words depend on the language, computed when the language is known: a date
// the calendar says in each language, "de Toulouse" in French and the bare name elsewhere.
struct ByLanguage {
    std::function<std::string(const std::string& lang)> say;
};

// One placeholder's value: as it is, a translated word, or another message.
class MsgArg {
public:
    MsgArg(std::string value) : m_value(std::move(value)) {}
    MsgArg(const char* value) : m_value(value) {}
    MsgArg(std::string_view value) : m_value(value) {}
    template <typename N, typename = std::enable_if_t<std::is_integral_v<N> && !std::is_same_v<N, bool> &&
                                                      !std::is_same_v<N, char>>>
    MsgArg(N n) : m_value(std::to_string(n)) {}
    MsgArg(const Word& w) : m_word(w.id), m_context(w.context ? w.context : "") {}
    MsgArg(InEuros e) : m_amount(e.amount), m_kind(Kind::InEuros) {}
    MsgArg(Grouped c) : m_number(c.n), m_kind(Kind::Grouped) {}
    MsgArg(ByLanguage b) : m_say(std::move(b.say)) {}
    MsgArg(const Msg& m);

    std::string In(std::string_view lang) const;

private:
    std::string m_value;
    const char* m_word = nullptr; // the msgid when a word
    std::string m_context;
    std::shared_ptr<const Msg> m_msg;
    std::function<std::string(const std::string&)> m_say;
    enum class Kind { Text, InEuros, Grouped };
    std::int64_t m_number = 0;
    Decimal m_amount;
    Kind m_kind = Kind::Text;
};

class Msg {
public:
    Msg() = default; // no words (an error whose words are left to the one showing it)
    template <std::size_t N, typename... Args>
    explicit Msg(const char (&id)[N], const Args&... args) : m_id(id), m_args{MsgArg(args)...} {}

    // A message with a context (the same French words meaning something else elsewhere).
    template <std::size_t C, std::size_t N, typename... Args>
    static Msg WithContext(const char (&context)[C], const char (&id)[N], const Args&... args) {
        Msg m(id, args...);
        m.m_context = context;
        return m;
    }
    // Singular or plural as the language counts n (TrN); n itself is among the args if shown.
    template <std::size_t N1, std::size_t N2, typename... Args>
    static Msg Plural(std::int64_t n, const char (&one)[N1], const char (&many)[N2], const Args&... args) {
        Msg m(one, args...);
        m.m_many = many;
        m.m_n = n;
        return m;
    }
    // A French text marked N_ in a table, given by pointer.
    template <typename... Args>
    static Msg Marked(const char* id, const Args&... args) {
        Msg m;
        m.m_id = id;
        m.m_args = {MsgArg(args)...};
        return m;
    }
    // Words already in their language, shown as they are whatever the language asked; with
    // by_language (a server's "messages": {"fr": …, "es": …}), the one of the language asked
    // when there is one.
    static Msg Verbatim(std::string text, std::map<std::string, std::string> by_language = {}) {
        Msg m;
        m.m_verbatim = std::move(text);
        m.m_by_language = std::move(by_language);
        return m;
    }

    // The words in lang (its catalog; English for a language without one; French the code's own).
    std::string In(std::string_view lang) const;
    // The French msgid ("" for a verbatim text); for tests and logs.
    const char* Id() const { return m_id ? m_id : ""; }
    bool Empty() const { return !m_id && m_verbatim.empty() && m_by_language.empty(); }

private:
    const char* m_id = nullptr;
    const char* m_context = nullptr;
    const char* m_many = nullptr; // the plural, for Plural
    std::int64_t m_n = 0;
    std::vector<MsgArg> m_args;
    std::string m_verbatim;
    std::map<std::string, std::string> m_by_language;
};

// xgettext's keyword for a message with a context: MsgC("phase", "Vote : {}", x).
template <std::size_t C, std::size_t N, typename... Args>
Msg MsgC(const char (&context)[C], const char (&id)[N], const Args&... args) {
    return Msg::WithContext(context, id, args...);
}

// xgettext's keyword for a counted message: MsgN(n, "Choisissez au moins {} projet.",
// "Choisissez au moins {} projets.", n).
template <std::size_t N1, std::size_t N2, typename... Args>
Msg MsgN(std::int64_t n, const char (&one)[N1], const char (&many)[N2], const Args&... args) {
    return Msg::Plural(n, one, many, args...);
}

} // namespace quartier
