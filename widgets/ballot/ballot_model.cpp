// BallotModel: choosing under the process's rules, review, code, sending, receipt.
#include "widgets/ballot/ballot_model.h"
#include "shared/json_read.h"

#include "shared/ballot/ballot_config_json.h"
#include "shared/ballot/easy_read.h"
#include "shared/text.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

namespace quartier {

namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

nlohmann::json ErrorJson(const std::optional<FieldError>& e, const std::string& lang) {
    if (!e) return nullptr;
    return {{"code", e->code}, {"field", e->field}, {"message", e->Message(lang)}};
}

std::string Text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) return it->value("name", ""); // {"code","name"}
    return {};
}

} // namespace

BallotModel::BallotModel(ApiClient& api, std::string lang, std::string tenant, std::string process)
    : m_api(api), m_comments(api, lang), m_lang(std::move(lang)), m_tenant(std::move(tenant)),
      m_process(std::move(process)), m_order_seed(RandomHex(8)) {
    m_comments.UseTenant(m_tenant);
}

void BallotModel::OpenComments(const std::string& project_id) {
    for (const auto& p : m_projects)
        if (p.id == project_id && p.proposal) {
            m_comments_for = project_id;
            m_comments.Open(p.proposal);
            return;
        }
}

void BallotModel::CloseComments() {
    m_comments_for.clear();
    m_comments.Close();
}

std::string BallotModel::Base() const {
    return "/api/v1/tenants/" + m_tenant + "/processes/" + m_process;
}

std::string BallotModel::CategoryLabel(const std::string& value) const {
    return quartier::CategoryLabel(m_category_names, value, m_lang);
}

void BallotModel::Refresh() {
    m_load = Load::Loading;
    m_api.Get("/api/v1/tenants/" + m_tenant, [this](const ApiResult& r) {
        if (r.Ok()) m_category_names = CategoriesFromJson(JsonOr(r.body, "categories", nlohmann::json()));
    });
    m_api.Get(Base(), [this](const ApiResult& r) {
        if (!r.Ok()) {
            m_load = Load::Failed;
            m_load_error = r.error;
            return;
        }
        const auto& j = r.body;
        BallotConfig config;
        const auto bad = j.is_object() ? BallotConfigFromJson(JsonOr(j, "ballot", nlohmann::json()),
                                                              JsonOr(j, "projects", nlohmann::json()), config)
                                       : Validation(FieldError{"bad_answer", "", Msg()});
        if (bad) {
            m_load = Load::Failed;
            m_load_error = FieldError{"bad_answer", "", Msg("Les règles du vote n’ont pas pu être lues.")};
            return;
        }
        m_config = std::move(config);
        m_title = JsonOr(j, "title", "");
        m_phase = JsonOr(j, "phase", "");
        m_uncoded_paper = JsonOr(j, "uncoded_paper_ballots", false);
        // Easy to read: in the resident's language — the server's text, else the commune's own
        // in that language, else the one made here from the same settings (a language the
        // server does not write yet reads the catalogs' words) — else French.
        const auto easy = JsonOr(j, "easy_read", nlohmann::json::object());
        const std::string base = m_lang.substr(0, m_lang.find_first_of("-_"));
        const auto rule = JsonOr(j, "rule", nlohmann::json::object());
        const auto split = JsonOr(j, "districts_budgets", nlohmann::json::object());
        auto lines = [&](const char* which) {
            std::vector<std::string> out;
            const auto texts = easy.is_object() ? JsonOr(easy, which, nlohmann::json::object()) : nlohmann::json();
            if (!texts.is_object()) return out;
            const auto own = easy.is_object() ? JsonOr(JsonOr(easy, "own", nlohmann::json::object()), which, nlohmann::json::object())
                                              : nlohmann::json::object();
            std::string text = JsonOr(texts, base.c_str(), "");
            if (text.empty() && own.is_object()) text = JsonOr(own, base.c_str(), "");
            if (text.empty() && !IsSourceLanguage(m_lang)) {
                const EasyRead made = DefaultEasyRead(m_config, rule.is_object() ? JsonOr(rule, "name", "greedy") : "greedy",
                                                      split.is_object() && !split.empty(), m_lang);
                text = std::string(which) == "count" ? made.count : made.vote;
            }
            if (text.empty()) text = JsonOr(texts, "fr", "");
            size_t start = 0;
            while (start <= text.size()) {
                const size_t end = std::min(text.find('\n', start), text.size());
                std::string line = Trim(text.substr(start, end - start));
                if (!line.empty()) out.push_back(std::move(line));
                start = end + 1;
            }
            return out;
        };
        m_easy_vote = lines("vote");
        m_easy_count = lines("count");
        m_calendar = InLanguage(JsonOr(j, "calendar_text", nlohmann::json::object()), m_lang);
        m_projects.clear();
        for (size_t i = 0; i < m_config.projects.size(); ++i) {
            const auto& p = j["projects"][i];
            m_projects.push_back(Project{m_config.projects[i].id, Text(p, "name"), Text(p, "description"),
                                         Text(p, "category"), Text(p, "district"), m_config.projects[i].cost});
            const auto from = JsonOr(p, "proposals", nlohmann::json());
            if (from.is_array() && !from.empty() && from[0].is_number_integer()) m_projects.back().proposal = from[0].get<std::int64_t>();
        }
        if (m_config.shuffle_projects) {
            // By a hash of the seed and the id: the same order after a reload, whatever changed.
            auto key = [this](const Project& p) {
                std::uint64_t h = 1469598103934665603ull;
                for (unsigned char c : m_order_seed + "/" + p.id) h = (h ^ c) * 1099511628211ull;
                return h;
            };
            std::stable_sort(m_projects.begin(), m_projects.end(),
                             [&](const Project& a, const Project& b) { return key(a) < key(b); });
        }
        // Keep only choices that still exist (a reload after the process changed).
        m_chosen.erase(std::remove_if(m_chosen.begin(), m_chosen.end(),
                                      [this](const std::string& id) { return !Find(id); }),
                       m_chosen.end());
        m_load = Load::Ready;
        m_load_error.reset();
    });
}

const BallotModel::Project* BallotModel::Find(const std::string& id) const {
    for (const auto& p : m_projects)
        if (p.id == id) return &p;
    return nullptr;
}

void BallotModel::SetSearch(std::string text) { m_search = std::move(text); }
void BallotModel::SetCategoryFilter(std::string category) { m_category = std::move(category); }

std::vector<size_t> BallotModel::VisibleProjects() const {
    const std::string needle = Lower(Trim(m_search));
    std::vector<size_t> out;
    for (size_t i = 0; i < m_projects.size(); ++i) {
        const auto& p = m_projects[i];
        if (!m_category.empty() && p.category != m_category) continue;
        if (!needle.empty() && Lower(p.name).find(needle) == std::string::npos &&
            Lower(p.description).find(needle) == std::string::npos &&
            Lower(p.district).find(needle) == std::string::npos && p.id != needle)
            continue;
        out.push_back(i);
    }
    return out;
}

std::vector<std::string> BallotModel::Categories() const {
    std::vector<std::string> out;
    for (const auto& p : m_projects)
        if (!p.category.empty() && std::find(out.begin(), out.end(), p.category) == out.end())
            out.push_back(p.category);
    std::sort(out.begin(), out.end());
    return out;
}

bool BallotModel::IsChosen(const std::string& id) const {
    return std::find(m_chosen.begin(), m_chosen.end(), id) != m_chosen.end();
}

int BallotModel::PointsOf(const std::string& id) const {
    const auto it = m_points.find(id);
    return it == m_points.end() ? 0 : it->second;
}

int BallotModel::RankOf(const std::string& id) const {
    const auto it = std::find(m_chosen.begin(), m_chosen.end(), id);
    return it == m_chosen.end() ? 0 : static_cast<int>(it - m_chosen.begin()) + 1;
}

Decimal BallotModel::Spent() const {
    Decimal total;
    for (const auto& id : m_chosen)
        if (const Project* p = Find(id)) Add(total, p->cost, total);
    return total;
}

Decimal BallotModel::Remaining() const {
    Decimal left;
    Subtract(m_config.budget, Spent(), left);
    return left;
}

std::int64_t BallotModel::PointsLeft() const {
    std::int64_t used = 0;
    for (const auto& [id, n] : m_points) used += n;
    return m_config.max_points - used;
}

bool BallotModel::CanAdd(const std::string& id) const {
    const Project* p = Find(id);
    if (!p || !VotingOpen()) return false;
    if (m_config.kind == "cumulative") {
        const int mine = PointsOf(id);
        const std::int64_t cap = m_config.max_points_per_project > 0 ? m_config.max_points_per_project
                                                                      : m_config.max_points;
        return PointsLeft() > 0 && mine < cap;
    }
    if (IsChosen(id)) return true; // removing is always possible
    if (m_config.max_projects > 0 && static_cast<int>(m_chosen.size()) >= m_config.max_projects) return false;
    if (m_config.kind == "knapsack") return !(Remaining() < p->cost);
    return true;
}

const std::string& BallotModel::CalendarText() const { return m_calendar; }

std::string BallotModel::ClosedText() const {
    if (!CalendarText().empty()) return CalendarText() + ".";
    return Tr(m_lang, "Le vote n’est pas ouvert en ce moment.");
}

bool BallotModel::Toggle(const std::string& id) {
    m_notice.clear();
    m_error.reset();
    const Project* p = Find(id);
    if (!p || m_config.kind == "cumulative") return false;
    if (IsChosen(id)) {
        m_chosen.erase(std::find(m_chosen.begin(), m_chosen.end(), id));
        return true;
    }
    if (!CanAdd(id)) {
        if (!VotingOpen())
            m_notice = CalendarText().empty() ? Tr(m_lang, "Le vote n’est pas ouvert.") : ClosedText();
        else if (m_config.max_projects > 0 && static_cast<int>(m_chosen.size()) >= m_config.max_projects)
            m_notice = Fill(Tr(m_lang, "Vous avez déjà choisi {} projets, le maximum. Retirez-en un pour en choisir un autre."),
                            std::to_string(m_config.max_projects));
        else
            m_notice = Fill(Tr(m_lang, "Ce projet ({}) dépasse le budget restant de {}."), FormatEuros(p->cost, m_lang),
                            FormatEuros(Remaining(), m_lang));
        return false;
    }
    m_chosen.push_back(id);
    return true;
}

bool BallotModel::AddPoints(const std::string& id, int delta) {
    m_notice.clear();
    m_error.reset();
    if (m_config.kind != "cumulative" || !Find(id) || delta == 0) return false;
    if (delta > 0) {
        for (int i = 0; i < delta; ++i) {
            if (!CanAdd(id)) {
                m_notice = PointsLeft() <= 0 ? Tr(m_lang, "Vous avez distribué tous vos points.")
                                             : Tr(m_lang, "Ce projet a déjà le maximum de points.");
                return i > 0;
            }
            ++m_points[id];
        }
    } else {
        auto it = m_points.find(id);
        if (it == m_points.end()) return false;
        it->second = std::max(0, it->second + delta);
        if (it->second == 0) m_points.erase(it);
    }
    // Chosen = projects with points, in the order they first received some.
    if (PointsOf(id) > 0 && !IsChosen(id)) m_chosen.push_back(id);
    if (PointsOf(id) == 0 && IsChosen(id)) m_chosen.erase(std::find(m_chosen.begin(), m_chosen.end(), id));
    return true;
}

void BallotModel::MoveRank(const std::string& id, int delta) {
    const auto it = std::find(m_chosen.begin(), m_chosen.end(), id);
    if (it == m_chosen.end()) return;
    const long from = it - m_chosen.begin();
    const long to = std::clamp(from + delta, 0L, static_cast<long>(m_chosen.size()) - 1);
    if (from == to) return;
    const std::string moved = *it;
    m_chosen.erase(it);
    m_chosen.insert(m_chosen.begin() + to, moved);
}

nlohmann::json BallotModel::BallotJson() const {
    nlohmann::json b{{"projects", m_chosen}};
    if (m_config.kind == "cumulative") {
        nlohmann::json points = nlohmann::json::array();
        for (const auto& id : m_chosen) points.push_back(PointsOf(id));
        b["points"] = std::move(points);
    }
    return b;
}

bool BallotModel::Review() {
    m_notice.clear();
    if (auto e = ValidateBallot(BallotJson(), m_config)) {
        m_error = e;
        return false;
    }
    m_error.reset();
    m_screen = Screen::Review;
    return true;
}

void BallotModel::BackToChoices() {
    if (m_sending) return;
    m_screen = Screen::Choose;
    m_error.reset();
}

void BallotModel::ClearChoices() {
    if (m_sending) return;
    m_chosen.clear();
    m_points.clear();
    m_notice.clear();
    m_error.reset();
    m_screen = Screen::Choose;
}

void BallotModel::Fail(const FieldError& e) {
    m_sending = false;
    m_error = e;
}

std::string BallotModel::PreviewText() const {
    return Tr(m_lang, "Aperçu pour le personnel de la commune : le bulletin tel que les habitants le verront. On ne vote pas depuis l’aperçu.");
}

bool BallotModel::Submit() {
    if (m_sending || m_screen != Screen::Review) return false;
    if (m_preview) {
        m_error = FieldError{"preview", "", Msg("Ceci est un aperçu : on n’y vote pas. Les habitants votent sur le site de la commune avec leur code.")};
        return false;
    }
    if (auto e = ValidateBallot(BallotJson(), m_config)) {
        m_error = e;
        return false;
    }
    const std::string code = Trim(m_code);
    if (m_token.empty() && code.empty()) {
        m_error = FieldError{"required", "code", Msg("Saisissez le code de vote que vous avez reçu.")};
        return false;
    }
    m_error.reset();
    m_sending = true;
    // One request id per ballot content: a retry of the same ballot is the same request.
    if (m_request_id.empty() || m_sent_ballot != BallotJson()) {
        m_request_id = RandomHex(16);
        m_sent_ballot = BallotJson();
    }
    if (!m_token.empty()) {
        CastBallot();
        return true;
    }
    m_api.Post(Base() + "/ballot-tokens", {{"code", code}}, [this](const ApiResult& r) {
        if (!r.Ok() || !r.body.is_object() || !r.body.contains("token") || !r.body["token"].is_string()) {
            Fail(r.error ? *r.error
                         : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")});
            if (m_error->field.empty() && m_error->code != "network") m_error->field = "code";
            return;
        }
        m_token = r.body["token"].get<std::string>();
        CastBallot();
    });
    return true;
}

void BallotModel::CastBallot() {
    m_api.Post(
        Base() + "/ballots", {{"request_id", m_request_id}, {"ballot", m_sent_ballot}},
        [this](const ApiResult& r) {
            if (!r.Ok() || JsonOr(r.body, "receipt", "").empty()) {
                Fail(r.error ? *r.error
                             : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")});
                return;
            }
            m_sending = false;
            m_receipt = r.body["receipt"].get<std::string>();
            m_screen = Screen::Receipt;
            m_code.clear();
            // The receipt only: what was chosen stays secret, even from the host page.
            EmitEvent("ballot-cast", nlohmann::json{{"process", m_process}, {"receipt", m_receipt}}.dump());
        },
        m_token);
}

// [SECTION] Words shared by the view and the accessibility mirror

std::string BallotModel::RulesText() const {
    const auto& c = m_config;
    // The rules every kind may add, after the kind's own sentence.
    std::string extra;
    if (c.min_spend_percent > 0)
        // xgettext:no-c-format ("% du" is not a printf placeholder)
        extra += " " + Fill(Tr(m_lang, "Vos choix doivent coûter au moins {} % du budget."), std::to_string(c.min_spend_percent));
    if (c.district_rule == DistrictRule::OwnPlusOne)
        extra += std::string(" ") + Tr(m_lang, "Vous pouvez voter dans votre quartier et un seul autre.");
    if (c.shuffle_projects)
        extra += std::string(" ") + Tr(m_lang, "Les projets sont présentés dans un ordre aléatoire, propre à chaque votant.");
    return KindRules() + extra;
}

std::string BallotModel::KindRules() const {
    const auto& c = m_config;
    const std::string& l = m_lang;
    if (c.kind == "knapsack")
        return Fill(Tr(l, "Choisissez les projets que vous voulez financer, dans la limite de {}."), FormatEuros(c.budget, l));
    if (c.kind == "cumulative")
        return Fill(Tr(l, "Répartissez {} entre les projets qui vous tiennent à cœur."), CountOf(c.max_points, l, "point", "points"));
    std::string count;
    if (c.min_projects > 0 && c.max_projects > 0)
        count = Fill(Tr(l, "de {} à {}"), std::to_string(c.min_projects), CountOf(c.max_projects, l, "projet", "projets"));
    else if (c.max_projects > 0)
        count = Fill(Tr(l, "jusqu’à {}"), CountOf(c.max_projects, l, "projet", "projets"));
    else
        count = Tr(l, "les projets");
    if (c.kind == "ranked") return Fill(Tr(l, "Classez {} par ordre de préférence."), count);
    return Fill(Tr(l, "Choisissez {} que vous soutenez."), count);
}

std::string BallotModel::ProgressText() const {
    const auto& c = m_config;
    const std::string of = Tr(m_lang, " sur ");
    if (c.kind == "knapsack")
        return std::string(Tr(m_lang, "Budget restant : ")) + FormatEuros(Remaining(), m_lang) + of +
               FormatEuros(c.budget, m_lang);
    if (c.kind == "cumulative")
        return std::string(Tr(m_lang, "Points restants : ")) + std::to_string(PointsLeft()) + of +
               std::to_string(c.max_points);
    const auto n = static_cast<std::int64_t>(m_chosen.size());
    std::string text = CountOf(n, m_lang, "projet choisi", "projets choisis");
    if (c.max_projects > 0) text += of + std::to_string(c.max_projects);
    return text;
}

float BallotModel::ProgressFraction() const {
    const auto& c = m_config;
    double f = 0;
    if (c.kind == "knapsack") f = c.budget.ToDouble() > 0 ? Spent().ToDouble() / c.budget.ToDouble() : 0;
    else if (c.kind == "cumulative") f = c.max_points > 0 ? 1.0 - double(PointsLeft()) / double(c.max_points) : 0;
    else f = c.max_projects > 0 ? double(m_chosen.size()) / double(c.max_projects) : 0;
    return static_cast<float>(std::clamp(f, 0.0, 1.0));
}

// [SECTION] Commands and the accessible tree

bool BallotModel::Command(const std::string& id, const nlohmann::json& value) {
    auto after = [&id](const char* prefix, std::string& rest) { return CommandAfter(id, prefix, rest); };
    std::string rest;
    if (after("toggle-", rest)) return Toggle(rest);
    if (id == "comments-close") return CloseComments(), true;
    if (!m_comments_for.empty() && id.rfind("comment-", 0) == 0) return m_comments.Command(id, value);
    if (after("comments-", rest)) return OpenComments(rest), m_comments_for == rest;
    if (after("plus-", rest)) return AddPoints(rest, 1);
    if (after("minus-", rest)) return AddPoints(rest, -1);
    if (after("up-", rest)) return MoveRank(rest, -1), true;
    if (after("down-", rest)) return MoveRank(rest, 1), true;
    if (id == "filter-all") return SetCategoryFilter(""), true;
    if (id == "easy-read") return ToggleEasyRead(), true;
    if (after("filter-", rest)) {
        const auto cats = Categories();
        const size_t i = static_cast<size_t>(std::atoi(rest.c_str()));
        if (i >= cats.size()) return false;
        SetCategoryFilter(cats[i]);
        return true;
    }
    if (id == "search" && value.is_string()) return SetSearch(value.get<std::string>()), true;
    if (id == "code" && value.is_string()) return m_code = value.get<std::string>(), true;
    if (id == "review") return Review();
    if (id == "back") return BackToChoices(), true;
    if (id == "submit") return Submit();
    if (id == "retry") return Refresh(), true;
    return false;
}

nlohmann::json BallotModel::AccessibilityTree() const {
    using nlohmann::json;
    json children = json::array();
    if (m_load != Load::Ready) {
        children.push_back(json{{"role", "status"}, {"text", m_load == Load::Failed && m_load_error
                                                                  ? m_load_error->Message(m_lang)
                                                                  : Tr(m_lang, "Chargement du vote…")}});
        if (m_load == Load::Failed) children.push_back(A11yButton("retry", Tr(m_lang, "Réessayer")));
        return json{{"role", "region"}, {"label", Tr(m_lang, "Vote")}, {"children", children}};
    }
    children.push_back(json{{"role", "heading"}, {"level", 2}, {"text", m_title}});
    if (m_preview) children.push_back(json{{"role", "text"}, {"text", PreviewText()}});
    children.push_back(json{{"role", "status"}, {"id", "progress"}, {"text", ProgressText()}});
    const std::string alert = !m_notice.empty() ? m_notice : m_error ? m_error->Message(m_lang) : "";
    children.push_back(json{{"role", "alert"}, {"id", "alert"}, {"text", alert}});
    if (m_screen == Screen::Choose) {
        // Before the long list, so that a keyboard needs no hundred Tabs to reach it.
        children.push_back(A11yButton("review", Tr(m_lang, "Vérifier mon vote"), VotingOpen()));
        if (!VotingOpen()) children.push_back(A11yText(ClosedText()));
        else if (!CalendarText().empty()) children.push_back(A11yText(CalendarText()));
        children.push_back(A11yText(RulesText()));
        if (!m_easy_vote.empty() || !m_easy_count.empty()) {
            json easy = A11yButton("easy-read", Tr(m_lang, "Facile à lire : comment voter, comment on compte"));
            easy["expanded"] = m_easy_open;
            children.push_back(easy);
            if (m_easy_open) {
                json parts = json::array();
                auto part = [&](const char* title, const std::vector<std::string>& lines) {
                    parts.push_back(json{{"role", "heading"}, {"level", 3}, {"text", title}});
                    for (const auto& l : lines) parts.push_back(A11yText(l));
                };
                part(Tr(m_lang, "Comment voter"), m_easy_vote);
                part(Tr(m_lang, "Comment on compte les votes"), m_easy_count);
                children.push_back(json{{"role", "region"}, {"id", "easy-read-text"},
                                        {"label", Tr(m_lang, "Facile à lire")}, {"children", parts}});
            }
        }
        children.push_back(json{{"role", "input"}, {"id", "search"}, {"label", Tr(m_lang, "Rechercher un projet")}, {"value", m_search}});
        // The canvas's category chips, the chosen one pressed, and how many projects the
        // search and the chip leave, said as it changes.
        const auto cats = Categories();
        if (!cats.empty()) {
            json chips = json::array();
            json all = A11yButton("filter-all", Tr(m_lang, "Toutes les catégories"));
            all["pressed"] = m_category.empty();
            chips.push_back(all);
            for (size_t i = 0; i < cats.size(); ++i) {
                json chip = A11yButton("filter-" + std::to_string(i), Fill(Tr(m_lang, "Catégorie {}"), CategoryLabel(cats[i])));
                chip["pressed"] = m_category == cats[i];
                chips.push_back(chip);
            }
            children.push_back(json{{"role", "group"}, {"label", Tr(m_lang, "Catégories")}, {"children", chips}});
        }
        const auto visible = VisibleProjects();
        children.push_back(json{{"role", "status"}, {"id", "count"},
                                {"text", CountOf(static_cast<std::int64_t>(visible.size()), m_lang, "projet", "projets") +
                                             Tr(m_lang, " sur ") + FormatCount(static_cast<std::int64_t>(m_projects.size()), m_lang)}});
        // Two projects may share a name (Toulouse 2022 has several): their buttons then say
        // the district, else the number, so that no two buttons of one name do different things.
        std::map<std::string, std::set<std::string>> districts_of;
        for (const auto& p : m_projects) districts_of[p.name].insert(p.district + "\n" + p.id);
        auto named = [&](const Project& p) {
            const auto& same = districts_of[p.name];
            if (same.size() <= 1) return p.name;
            int same_district = 0;
            for (const auto& d : same) same_district += d.compare(0, p.district.size() + 1, p.district + "\n") == 0;
            return p.name + " (" + (same_district > 1 || p.district.empty() ? Fill(Tr(m_lang, "n° {}"), p.id) : p.district) + ")";
        };
        json items = json::array();
        for (size_t i : visible) {
            const auto& p = m_projects[i];
            const std::string name = named(p);
            std::string meta = FormatEuros(p.cost, m_lang);
            if (!p.category.empty()) meta += ", " + CategoryLabel(p.category);
            if (!p.district.empty()) meta += ", " + p.district;
            json actions = json::array();
            if (m_config.kind == "cumulative") {
                actions.push_back(A11yButton("minus-" + p.id, Fill(Tr(m_lang, "Retirer un point à {}"), name), PointsOf(p.id) > 0));
                actions.push_back(A11yButton("plus-" + p.id, Fill(Tr(m_lang, "Donner un point à {}"), name), CanAdd(p.id)));
                meta += Fill(Tr(m_lang, ". Vos points : {}"), std::to_string(PointsOf(p.id)));
            } else {
                const bool chosen = IsChosen(p.id);
                actions.push_back(A11yButton("toggle-" + p.id, Fill(chosen ? Tr(m_lang, "Retirer {}") : Tr(m_lang, "Choisir {}"), name),
                                         chosen || CanAdd(p.id)));
                if (chosen) meta += Tr(m_lang, ". Choisi");
                if (m_config.kind == "ranked" && chosen) {
                    meta += Fill(Tr(m_lang, ", rang {}"), std::to_string(RankOf(p.id)));
                    actions.push_back(A11yButton("up-" + p.id, Fill(Tr(m_lang, "Monter {}"), name), RankOf(p.id) > 1));
                    actions.push_back(A11yButton("down-" + p.id, Fill(Tr(m_lang, "Descendre {}"), name),
                                             RankOf(p.id) < static_cast<int>(m_chosen.size())));
                }
            }
            if (p.proposal && m_comments_for != p.id)
                actions.push_back(A11yButton("comments-" + p.id, Fill(Tr(m_lang, "Commentaires des habitants sur {}"), name)));
            if (p.proposal && m_comments_for == p.id) {
                actions.push_back(A11yButton("comments-close", Tr(m_lang, "Fermer les commentaires")));
                for (auto& n : m_comments.Accessibility()) actions.push_back(std::move(n));
            }
            items.push_back(json{{"role", "listitem"}, {"id", "project-" + p.id}, {"text", p.name + ". " + meta + "."}, {"children", actions}});
        }
        children.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Projets")}, {"children", items}});
    } else if (m_screen == Screen::Review) {
        children.push_back(json{{"role", "heading"}, {"level", 3}, {"text", Tr(m_lang, "Vérifiez votre vote")}});
        json items = json::array();
        for (const auto& id : m_chosen)
            if (const Project* p = Find(id)) items.push_back(json{{"role", "listitem"}, {"text", p->name + ", " + FormatEuros(p->cost, m_lang)}});
        children.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Vos choix")}, {"children", items}});
        // A refused code is said with the field and marks it invalid; Enter in it votes.
        json code{{"role", "input"}, {"id", "code"}, {"label", Tr(m_lang, "Votre code de vote")},
                  {"value", m_code}, {"submit", "submit"}};
        if (m_error && m_error->field == "code") code["error"] = m_error->Message(m_lang);
        children.push_back(code);
        children.push_back(A11yButton("submit", m_sending ? Tr(m_lang, "Envoi…") : Tr(m_lang, "Voter"), !m_sending));
        children.push_back(A11yButton("back", Tr(m_lang, "Modifier mes choix"), !m_sending));
    } else {
        children.push_back(json{{"role", "heading"}, {"level", 3}, {"text", Tr(m_lang, "Merci, votre vote est enregistré !")}});
        children.push_back(A11yText(std::string(Tr(m_lang, "Votre reçu : ")) + m_receipt));
        children.push_back(A11yText(Tr(m_lang, "À la clôture du vote, la commune publie la liste des reçus : vérifiez que le vôtre y figure.")));
    }
    return json{{"role", "region"}, {"label", Tr(m_lang, "Bulletin de vote")}, {"children", children}};
}

nlohmann::json BallotModel::StateJson() const {
    static const char* kScreens[] = {"choose", "review", "receipt"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    nlohmann::json projects = nlohmann::json::array();
    for (const auto& p : m_projects)
        projects.push_back({{"id", p.id},
                            {"name", p.name},
                            {"cost", p.cost.ToString()},
                            {"category", p.category},
                            {"district", p.district},
                            {"chosen", IsChosen(p.id)},
                            {"rank", RankOf(p.id)},
                            {"points", PointsOf(p.id)},
                            {"can_add", CanAdd(p.id)}});
    nlohmann::json visible = nlohmann::json::array();
    for (size_t i : VisibleProjects()) visible.push_back(m_projects[i].id);
    return {{"widget", "ballot"},
            {"lang", m_lang},
            {"screen", kScreens[static_cast<int>(m_screen)]},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"title", m_title},
            {"phase", m_phase},
            {"preview", m_preview},
            {"calendar", CalendarText()},
            {"kind", m_config.kind},
            {"rules", BallotConfigToJson(m_config)},
            {"easy_read", {{"open", m_easy_open}, {"vote", m_easy_vote}, {"count", m_easy_count}}},
            {"projects", std::move(projects)},
            {"visible", std::move(visible)},
            {"search", m_search},
            {"category", m_category},
            {"ballot", BallotJson()},
            {"spent", Spent().ToString()},
            {"remaining", Remaining().ToString()},
            {"points_left", PointsLeft()},
            {"sending", m_sending},
            {"error", ErrorJson(m_error, m_lang)},
            {"load_error", ErrorJson(m_load_error, m_lang)},
            {"notice", m_notice},
            {"receipt", m_receipt}};
}

} // namespace quartier
