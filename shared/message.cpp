#include "shared/message.h"

#include "shared/i18n.h"
#include "shared/text.h"

namespace quartier {

MsgArg::MsgArg(const Msg& m) : m_msg(std::make_shared<const Msg>(m)) {}

std::string MsgArg::In(std::string_view lang) const {
    if (m_msg) return m_msg->In(lang);
    if (m_say) return m_say(std::string(lang));
    if (m_kind == Kind::InEuros) return FormatEuros(m_amount, std::string(lang));
    if (m_kind == Kind::Grouped) return FormatCount(m_number, std::string(lang));
    if (m_word) return m_context.empty() ? Tr(lang, m_word) : TrC(lang, m_context.c_str(), m_word);
    return m_value;
}

std::string Msg::In(std::string_view lang) const {
    if (!m_id) {
        if (m_by_language.empty()) return m_verbatim;
        const std::string l(lang);
        auto it = m_by_language.find(l);
        if (it == m_by_language.end()) it = m_by_language.find(l.substr(0, l.find('-')));
        return it != m_by_language.end() ? it->second : m_verbatim;
    }
    const char* text = m_many ? TrN(lang, m_n, m_id, m_many) : m_context ? TrC(lang, m_context, m_id) : Tr(lang, m_id);
    if (m_args.empty()) return text;
    std::vector<std::string> values;
    values.reserve(m_args.size());
    for (const auto& a : m_args) values.push_back(a.In(lang));
    return Fill(text, values);
}

} // namespace quartier
