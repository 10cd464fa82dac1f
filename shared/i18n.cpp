// Reads GNU .mo catalogs and picks words by language. The .mo layout (GNU gettext manual,
// "The Format of GNU MO Files"): a header of 32-bit words — magic, revision, the number of
// strings, then the offsets of the originals' and the translations' tables of (length, offset)
// pairs. glibc's gettext() chooses by the process's locale; a server answering each request
// in its own language and a WebAssembly widget need a catalog they can hold, hence this file.
#include "shared/i18n.h"

#include <cstring>
#include <map>

namespace quartier {

// ----- Plural-Forms: a C expression of n (?:, ||, &&, comparisons, + - * / %, !, parentheses)

struct Catalog::Expr {
    enum Kind { Num, N, Not, Bin, Cond } kind = Num;
    std::int64_t value = 0;
    std::string op;
    std::unique_ptr<Expr> a, b, c;

    std::int64_t Eval(std::int64_t n) const {
        switch (kind) {
        case Num: return value;
        case N: return n;
        case Not: return !a->Eval(n);
        case Cond: return a->Eval(n) ? b->Eval(n) : c->Eval(n);
        case Bin: break;
        }
        const std::int64_t x = a->Eval(n);
        if (op == "&&") return x && b->Eval(n);
        if (op == "||") return x || b->Eval(n);
        const std::int64_t y = b->Eval(n);
        if (op == "==") return x == y;
        if (op == "!=") return x != y;
        if (op == "<") return x < y;
        if (op == ">") return x > y;
        if (op == "<=") return x <= y;
        if (op == ">=") return x >= y;
        if (op == "+") return x + y;
        if (op == "-") return x - y;
        if (op == "*") return x * y;
        if (op == "/") return y ? x / y : 0;
        if (op == "%") return y ? x % y : 0;
        return 0;
    }
};

namespace {

using ExprPtr = std::unique_ptr<Catalog::Expr>;

// Recursive descent over the grammar of C's operators, lowest precedence first.
class PluralParser {
public:
    explicit PluralParser(std::string_view s) : m_s(s) {}

    ExprPtr Parse() {
        ExprPtr e = Conditional();
        Space();
        if (!e || m_i != m_s.size()) return nullptr;
        return e;
    }

private:
    std::string_view m_s;
    std::size_t m_i = 0;

    void Space() {
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n')) ++m_i;
    }
    bool Eat(std::string_view t) {
        Space();
        if (m_s.substr(m_i, t.size()) != t) return false;
        // "<" must not take the first character of "<=", nor "!" that of "!=".
        if (t.size() == 1 && (t == "<" || t == ">" || t == "!" || t == "=") && m_i + 1 < m_s.size() && m_s[m_i + 1] == '=')
            return false;
        m_i += t.size();
        return true;
    }
    static ExprPtr Binary(std::string op, ExprPtr a, ExprPtr b) {
        if (!a || !b) return nullptr;
        auto e = std::make_unique<Catalog::Expr>();
        e->kind = Catalog::Expr::Bin;
        e->op = std::move(op);
        e->a = std::move(a);
        e->b = std::move(b);
        return e;
    }
    ExprPtr Conditional() {
        ExprPtr c = Level(0);
        if (!c || !Eat("?")) return c;
        ExprPtr yes = Conditional();
        if (!Eat(":")) return nullptr;
        ExprPtr no = Conditional();
        if (!yes || !no) return nullptr;
        auto e = std::make_unique<Catalog::Expr>();
        e->kind = Catalog::Expr::Cond;
        e->a = std::move(c);
        e->b = std::move(yes);
        e->c = std::move(no);
        return e;
    }
    // Binary operators by precedence level, loosest first.
    ExprPtr Level(int level) {
        static const std::vector<std::vector<std::string>> kLevels = {
            {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"}};
        if (level == static_cast<int>(kLevels.size())) return Unary();
        ExprPtr left = Level(level + 1);
        for (;;) {
            bool matched = false;
            for (const auto& op : kLevels[level]) {
                if (Eat(op)) {
                    left = Binary(op, std::move(left), Level(level + 1));
                    matched = true;
                    break;
                }
            }
            if (!matched || !left) return left;
        }
    }
    ExprPtr Unary() {
        if (Eat("!")) {
            auto e = std::make_unique<Catalog::Expr>();
            e->kind = Catalog::Expr::Not;
            e->a = Unary();
            return e->a ? std::move(e) : nullptr;
        }
        if (Eat("(")) {
            ExprPtr e = Conditional();
            return Eat(")") ? std::move(e) : nullptr;
        }
        Space();
        if (m_i < m_s.size() && m_s[m_i] == 'n') {
            ++m_i;
            auto e = std::make_unique<Catalog::Expr>();
            e->kind = Catalog::Expr::N;
            return e;
        }
        if (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9') {
            auto e = std::make_unique<Catalog::Expr>();
            while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9' && e->value < 1000000000)
                e->value = e->value * 10 + (m_s[m_i++] - '0');
            return e;
        }
        return nullptr;
    }
};

// The value of "Name: value" in a catalog's header, "" when absent.
std::string HeaderField(std::string_view header, std::string_view name) {
    std::size_t at = 0;
    while (at < header.size()) {
        std::size_t end = header.find('\n', at);
        if (end == std::string_view::npos) end = header.size();
        std::string_view line = header.substr(at, end - at);
        if (line.size() > name.size() && line.substr(0, name.size()) == name && line[name.size()] == ':') {
            line.remove_prefix(name.size() + 1);
            while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
            return std::string(line);
        }
        at = end + 1;
    }
    return "";
}

// The source language's own rule: French takes the singular for 0 and 1.
int SourcePluralIndex(std::int64_t n) { return n > 1 ? 1 : 0; }

} // namespace

int EvaluatePluralRule(std::string_view expression, std::int64_t n) {
    ExprPtr e = PluralParser(expression).Parse();
    return e ? static_cast<int>(e->Eval(n)) : -1;
}

Catalog::~Catalog() = default;

std::unique_ptr<Catalog> Catalog::FromMo(std::string bytes, std::string* error) {
    auto fail = [&](const char* why) {
        if (error) *error = why;
        return std::unique_ptr<Catalog>();
    };
    if (bytes.size() < 28) return fail("too short for a .mo file");
    std::unique_ptr<Catalog> c(new Catalog());
    c->m_bytes = std::move(bytes);
    const auto* data = reinterpret_cast<const unsigned char*>(c->m_bytes.data());
    const std::size_t size = c->m_bytes.size();
    std::uint32_t magic;
    std::memcpy(&magic, data, 4);
    bool swap;
    if (magic == 0x950412deu) swap = false;
    else if (magic == 0xde120495u) swap = true;
    else return fail("not a .mo file (bad magic number)");
    auto word = [&](std::size_t at) -> std::uint32_t {
        std::uint32_t v;
        std::memcpy(&v, data + at, 4);
        if (swap) v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
        return v;
    };
    if (word(4) >> 16 != 0) return fail("unknown .mo revision");
    const std::uint32_t count = word(8), originals = word(12), translations = word(16);
    if (count > size / 16 || originals > size || translations > size || size - originals < std::size_t(count) * 8 ||
        size - translations < std::size_t(count) * 8)
        return fail("a .mo table lies outside the file");
    auto string_at = [&](std::uint32_t table, std::uint32_t i, std::string_view* out) {
        const std::uint32_t length = word(table + i * 8), offset = word(table + i * 8 + 4);
        if (offset > size || length >= size - offset || data[offset + length] != 0) return false;
        *out = std::string_view(c->m_bytes.data() + offset, length);
        return true;
    };
    std::string plural_rule;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string_view id, text;
        if (!string_at(originals, i, &id) || !string_at(translations, i, &text))
            return fail("a .mo string lies outside the file");
        if (id.empty()) { // the header
            c->m_language = HeaderField(text, "Language");
            std::string forms = HeaderField(text, "Plural-Forms");
            const std::size_t np = forms.find("nplurals="), pl = forms.find("plural=", np == std::string::npos ? 0 : np + 9);
            if (np != std::string::npos) c->m_nplurals = std::atoi(forms.c_str() + np + 9);
            if (pl != std::string::npos) {
                plural_rule = forms.substr(pl + 7);
                while (!plural_rule.empty() && (plural_rule.back() == ';' || plural_rule.back() == ' ')) plural_rule.pop_back();
            }
            continue;
        }
        // A plural message's id is "singular\0plural": it is found by its singular.
        const std::size_t nul = id.find('\0');
        if (nul != std::string_view::npos) id = id.substr(0, nul);
        c->m_messages.emplace(id, text);
    }
    if (c->m_nplurals < 1 || c->m_nplurals > 6) return fail("the catalog's nplurals is not between 1 and 6");
    if (!plural_rule.empty()) {
        c->m_plural = PluralParser(plural_rule).Parse();
        if (!c->m_plural) return fail("the catalog's Plural-Forms expression cannot be read");
    }
    return c;
}

const char* Catalog::Find(std::string_view msgid) const {
    auto it = m_messages.find(msgid);
    return it == m_messages.end() ? nullptr : it->second.data();
}

const char* Catalog::Find(std::string_view context, std::string_view msgid) const {
    std::string key;
    key.reserve(context.size() + 1 + msgid.size());
    key.append(context).push_back('\x04');
    key.append(msgid);
    return Find(key);
}

int Catalog::PluralIndex(std::int64_t n) const {
    if (!m_plural) return n == 1 ? 0 : 1; // gettext's default, English's rule
    const std::int64_t i = m_plural->Eval(n);
    return i < 0 || i >= m_nplurals ? 0 : static_cast<int>(i);
}

const char* Catalog::FindPlural(std::string_view one, std::int64_t n) const {
    auto it = m_messages.find(one);
    if (it == m_messages.end()) return nullptr;
    std::string_view forms = it->second;
    for (int i = PluralIndex(n); i > 0; --i) {
        const std::size_t nul = forms.find('\0');
        if (nul == std::string_view::npos) return nullptr;
        forms.remove_prefix(nul + 1);
    }
    return forms.data();
}

// ----- The program's catalogs

namespace {

struct Registry {
    std::map<std::string, std::unique_ptr<Catalog>, std::less<>> catalogs;
    std::vector<std::string> order;
};

Registry& TheRegistry() {
    static Registry r;
    return r;
}

std::string_view BaseLanguage(std::string_view lang) {
    const std::size_t cut = lang.find_first_of("-_");
    return cut == std::string_view::npos ? lang : lang.substr(0, cut);
}

} // namespace

void AddCatalog(const std::string& lang, std::unique_ptr<Catalog> catalog) {
    Registry& r = TheRegistry();
    if (!r.catalogs.count(lang)) r.order.push_back(lang);
    r.catalogs[lang] = std::move(catalog);
}

bool IsSourceLanguage(std::string_view lang) { return BaseLanguage(lang) == "fr"; }

const Catalog* CatalogFor(std::string_view lang) {
    if (IsSourceLanguage(lang)) return nullptr;
    const Registry& r = TheRegistry();
    auto it = r.catalogs.find(lang);
    if (it == r.catalogs.end()) it = r.catalogs.find(BaseLanguage(lang));
    if (it == r.catalogs.end()) it = r.catalogs.find(std::string_view("en"));
    return it == r.catalogs.end() ? nullptr : it->second.get();
}

std::vector<std::string> Languages() {
    std::vector<std::string> out{"fr"};
    for (const auto& l : TheRegistry().order) out.push_back(l);
    return out;
}

std::string SpokenLanguage(std::string_view lang) {
    if (IsSourceLanguage(lang)) return "fr";
    const Registry& r = TheRegistry();
    if (r.catalogs.count(BaseLanguage(lang))) return std::string(BaseLanguage(lang));
    return r.catalogs.empty() ? "fr" : "en";
}

const char* Tr(std::string_view lang, const char* msgid) {
    const Catalog* c = CatalogFor(lang);
    const char* t = c ? c->Find(msgid) : nullptr;
    return t ? t : msgid;
}

const char* TrC(std::string_view lang, const char* context, const char* msgid) {
    const Catalog* c = CatalogFor(lang);
    const char* t = c ? c->Find(context, msgid) : nullptr;
    return t ? t : msgid;
}

const char* TrN(std::string_view lang, std::int64_t n, const char* one, const char* many) {
    const Catalog* c = CatalogFor(lang);
    const char* t = c ? c->FindPlural(one, n) : nullptr;
    if (t) return t;
    return SourcePluralIndex(n) == 0 ? one : many;
}

namespace {
template <typename Values>
std::string FillWith(std::string_view text, const Values& values) {
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t next = 0; // the value "{}" takes
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            // "{}" the next value, "{0}"…"{9}" a value by its place (a language's own order).
            std::size_t k = next;
            std::size_t end = i + 1;
            if (end < text.size() && text[end] >= '0' && text[end] <= '9') k = static_cast<std::size_t>(text[end++] - '0');
            else ++next;
            if (end < text.size() && text[end] == '}' && k < values.size()) {
                out.append(values.begin()[k]);
                i = end;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}
} // namespace

std::string Fill(std::string_view text, std::initializer_list<std::string_view> values) {
    return FillWith(text, values);
}

std::string Fill(std::string_view text, const std::vector<std::string>& values) {
    return FillWith(text, values);
}

} // namespace quartier
