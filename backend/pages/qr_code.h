// QR codes for printed pages (voter letters and cards), drawn by libqrencode and written as
// inline SVG: crisp at any print size, no image file to serve. The code is defined once per
// page as a <symbol> and drawn where needed with <use>, so that a page of thousands of
// letters carries one copy.
#pragma once

#include <string>

namespace quartier {

// A hidden <svg> defining text's QR code (error correction M, 8-bit mode, with the quiet
// zone of four modules the standard asks for) as <symbol id="id">. Empty when the text is
// too long for a QR code (over about 2 KB).
std::string QrSymbol(const std::string& text, const std::string& id);
// The symbol drawn size_mm wide, an image named label for screen readers.
std::string QrUse(const std::string& id, double size_mm, const std::string& label);

} // namespace quartier
