// The console's commune part: the settings staff edit (name, languages, centre, categories
// with their labels), the districts from a GeoJSON file (chosen, previewed on a map, the
// properties holding the code and the name picked, refusals shown with the file kept), and
// the origins allowed to embed the widgets, each with the server's embed check. No ImGui.
#pragma once

#include "shared/category.h"
#include "shared/error.h"
#include "shared/geo/geo.h"
#include "widgets/app/map_viewport.h"
#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

class ConsoleCommune {
public:
    // An origin allowed to embed the widgets, and what the server's embed check said of it.
    struct Origin {
        std::string url;              // "https://www.ville.fr"
        std::optional<bool> allowed;  // unknown until checked
    };

    explicit ConsoleCommune(ConsoleSession& session) : m_s(session) {}

    // [Commands]
    void Load(); // the tenant's settings (with its allowed origins) and districts
    std::string& EditName() { return m_name; }
    std::string& EditAccent() { return m_accent; } // "#b5123e", "" for the widgets' default
    std::string& EditLatitude() { return m_lat; }
    std::string& EditLongitude() { return m_lon; }
    bool HasLanguage(const std::string& code) const;
    void SetLanguage(const std::string& code, bool on);
    std::vector<Category>& EditCategories() { return m_categories; }
    void AddCategory();
    void RemoveCategory(size_t i);
    void Save(); // name, languages, centre, categories: says which of them changed

    // Districts: the file, then the properties, then the upload (asks once before
    // replacing districts the commune already has).
    void ChooseDistrictsFile(); // the browser's file chooser (PickFile)
    void TakeDistrictsFile(const std::string& name, const std::string& bytes);
    void SetCodeProperty(const std::string& key);
    void SetNameProperty(const std::string& key);
    void UploadDistricts();
    void CancelUpload();
    void ForgetFile();

    std::string& EditNewOrigin() { return m_new_origin; }
    void AddOrigin();                 // saves at once, then checks it
    void RemoveOrigin(size_t i);      // asks once, then saves
    void CancelRemoveOrigin() { m_removing.reset(); }
    void CheckOrigins();

    // [State]
    bool Loaded() const { return m_loaded; }
    const std::string& SavedName() const { return m_saved_name; }
    const std::vector<Region>& Regions() const { return m_regions; }
    const std::vector<MapShape>& Shapes() const { return m_shapes; }
    bool HasFile() const { return !m_file_name.empty(); }
    const std::string& FileName() const { return m_file_name; }
    const std::vector<std::string>& PropertyKeys() const { return m_keys; }
    // A value of the property in the file's first feature ("49200"), to help pick.
    std::string SampleOf(const std::string& key) const;
    const std::string& CodeProperty() const { return m_code_key; }
    const std::string& NameProperty() const { return m_name_key; }
    const std::vector<Region>& Preview() const { return m_preview; }
    const std::vector<MapShape>& PreviewShapes() const { return m_preview_shapes; }
    const std::optional<FieldError>& FileError() const { return m_file_error; }
    bool ConfirmingReplace() const { return m_confirm_replace; }
    bool Uploading() const { return m_uploading; }
    const std::vector<Origin>& Origins() const { return m_origins; }
    std::optional<size_t> RemovingOrigin() const { return m_removing; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }

    nlohmann::json StateJson() const;
    // The section's part of the accessibility mirror, and its commands.
    nlohmann::json A11yChildren() const;
    bool Command(const std::string& id, const nlohmann::json& value);

private:
    void ReadTenant(const nlohmann::json& j);
    void Reparse();
    void SaveOrigins(std::vector<std::string> list, std::string words);
    void LoadDistricts();
    void Say(std::string notice) { m_notice = std::move(notice); m_error.reset(); }

    ConsoleSession& m_s;
    bool m_loaded = false;
    std::string m_name, m_accent, m_lat, m_lon, m_new_origin;
    std::vector<std::string> m_languages;
    std::vector<Category> m_categories;
    nlohmann::json m_saved = nlohmann::json::object(); // what the server holds, to say what changed
    std::string m_saved_name;
    std::vector<Region> m_regions;
    std::vector<MapShape> m_shapes;
    std::string m_file_name;
    nlohmann::json m_file; // the chosen GeoJSON, kept until it is sent or forgotten
    std::vector<std::string> m_keys;
    std::string m_code_key, m_name_key;
    std::vector<Region> m_preview;
    std::vector<MapShape> m_preview_shapes;
    std::optional<FieldError> m_file_error;
    bool m_confirm_replace = false, m_uploading = false;
    std::vector<Origin> m_origins;
    std::optional<size_t> m_removing;
    std::optional<FieldError> m_error;
    std::string m_notice;
};

} // namespace quartier
