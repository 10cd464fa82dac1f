# Third-party libraries, all from Debian's packages. Native builds find them the usual
# way; under Emscripten only header-only ones are used, through symlinked include dirs
# (never -I/usr/include, which would shadow Emscripten's own libc headers).

if(EMSCRIPTEN)
    # Debian's emscripten finds acorn and friends only through NODE_PATH, at every link.
    set(CMAKE_C_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
    set(CMAKE_CXX_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
    set(QUARTIER_SYSINC "${CMAKE_BINARY_DIR}/sysinc")
    file(MAKE_DIRECTORY "${QUARTIER_SYSINC}")
    foreach(dir nlohmann doctest boost)
        if(EXISTS "/usr/include/${dir}" AND NOT EXISTS "${QUARTIER_SYSINC}/${dir}")
            file(CREATE_LINK "/usr/include/${dir}" "${QUARTIER_SYSINC}/${dir}" SYMBOLIC)
        endif()
    endforeach()
    add_library(nlohmann_json_headers INTERFACE)
    target_include_directories(nlohmann_json_headers SYSTEM INTERFACE "${QUARTIER_SYSINC}")
    # The wasm build cannot catch exceptions (a throw aborts either way), so nlohmann's
    # errors abort at once instead of first building exception objects and their messages:
    # less code to download. (So a wrongly typed field in a server answer read with .value()
    # or .get() stops the module, as it did before: widget code must check types first.)
    target_compile_definitions(nlohmann_json_headers INTERFACE JSON_NOEXCEPTION)
    add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json_headers)
else()
    find_package(nlohmann_json 3 REQUIRED)
    find_package(doctest REQUIRED)
    find_package(Threads REQUIRED)
    find_package(SQLite3 REQUIRED)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
    pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
    find_package(date REQUIRED) # calendar days (follow-up dates); header-only date::date
    pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode) # QR codes on voter letters
    # Answers httplib does not compress itself (GeoJSON, .pb files): zlib's gzip, brotli.
    find_package(ZLIB REQUIRED)
    pkg_check_modules(BROTLIENC REQUIRED IMPORTED_TARGET libbrotlienc)
    pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl) # SMTP to the communes' relays (e-mail)
    # PostgreSQL's own client library, for the second storage engine (backend/store/pg_engine).
    pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
    # Photos (backend/photo.cpp): decoded and re-encoded by libvips, never by our own code.
    pkg_check_modules(VIPS REQUIRED IMPORTED_TARGET vips)
    # libcsv (census files: quoted fields, separators and line breaks inside quotes) ships
    # neither a pkg-config file nor a CMake package.
    find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
    find_library(CSV_LIBRARY csv REQUIRED)
    add_library(libcsv::csv UNKNOWN IMPORTED)
    set_target_properties(libcsv::csv PROPERTIES IMPORTED_LOCATION "${CSV_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")
endif()

# Dear ImGui core (no backend): used by the widgets on both sides.
if(QUARTIER_FUZZ)
    return()
endif()
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
    message(FATAL_ERROR "Dear ImGui sources not found in ${IMGUI_DIR}: run scripts/setup")
endif()
add_library(imgui STATIC
    ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp
    ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
# No imgui.ini, no demo window, no obsolete API in our code.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS
    IMGUI_DISABLE_DEBUG_TOOLS)
# 32-bit indices: a map's commune outlines and fills pass ImGui's 65 536 vertices per draw
# list, and WebGL2 (no glDrawElementsBaseVertex) cannot split them with VtxOffset.
target_compile_definitions(imgui PUBLIC "ImDrawIdx=unsigned int")
if(EMSCRIPTEN)
    target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
endif()
