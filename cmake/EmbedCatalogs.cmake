# cmake -DOUT=file.cpp -DCATALOGS="en=/path/en.mo,es=/path/es.mo" -DWIDGET_CATALOGS="en=/path/en.widgets.mo,…" -P EmbedCatalogs.cmake
# Writes a C++ source holding every compiled catalog (msgfmt's .mo files) and
# quartier::AddBuiltInCatalogs(), which hands them to shared/i18n; and the widgets' smaller
# catalogs, which the server sends (BuiltInWidgetCatalogBytes).
set(arrays "")
set(index 0)
# Appends each "lang=file.mo" of list_text to `arrays` and its row to the variable adds_var.
function(embed list_text adds_var)
    set(adds "")
    string(REPLACE "," ";" entries "${list_text}")
    foreach(entry IN LISTS entries)
        string(REGEX REPLACE "=.*" "" lang "${entry}")
        string(REGEX REPLACE "^[^=]*=" "" file "${entry}")
        file(READ "${file}" hex HEX)
        string(LENGTH "${hex}" len)
        math(EXPR size "${len} / 2")
        string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
        string(REGEX REPLACE "(([^,]*,){24})" "\\1\n" bytes "${bytes}")
        string(APPEND arrays "alignas(4) const unsigned char kCatalog${index}[] = {\n${bytes}\n};\n")
        string(APPEND adds "    {\"${lang}\", kCatalog${index}, ${size}},\n")
        math(EXPR index "${index} + 1")
    endforeach()
    set(arrays "${arrays}" PARENT_SCOPE)
    set(index "${index}" PARENT_SCOPE)
    set(${adds_var} "${adds}" PARENT_SCOPE)
endfunction()
embed("${CATALOGS}" adds)
embed("${WIDGET_CATALOGS}" widget_adds)
file(WRITE "${OUT}.tmp" "// Generated from po/*.po (msgfmt, then cmake/EmbedCatalogs.cmake); do not edit.
#include \"shared/i18n.h\"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace quartier {
namespace {
${arrays}
struct Embedded { const char* lang; const unsigned char* bytes; std::size_t size; };
const Embedded kEmbedded[] = {
${adds}    {nullptr, nullptr, 0}};
const Embedded kWidgetCatalogs[] = {
${widget_adds}    {nullptr, nullptr, 0}};
} // namespace

void AddBuiltInCatalogs() {
    for (const Embedded* e = kEmbedded; e->lang; ++e) {
        std::string error;
        auto c = Catalog::FromMo(std::string(reinterpret_cast<const char*>(e->bytes), e->size), &error);
        if (!c) throw std::runtime_error(std::string(\"catalog \") + e->lang + \": \" + error);
        AddCatalog(e->lang, std::move(c));
    }
}

const unsigned char* BuiltInCatalogBytes(const std::string& lang, std::size_t* size) {
    for (const Embedded* e = kEmbedded; e->lang; ++e)
        if (lang == e->lang) { *size = e->size; return e->bytes; }
    return nullptr;
}

const unsigned char* BuiltInWidgetCatalogBytes(const std::string& lang, std::size_t* size) {
    for (const Embedded* e = kWidgetCatalogs; e->lang; ++e)
        if (lang == e->lang) { *size = e->size; return e->bytes; }
    return nullptr;
}

} // namespace quartier
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
