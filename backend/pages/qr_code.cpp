#include "backend/pages/qr_code.h"

#include "backend/text_util.h"

#include <qrencode.h>

#include <cstdio>
#include <memory>

namespace quartier {

std::string QrSymbol(const std::string& text, const std::string& id) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
    if (!qr) return "";
    const int n = qr->width, quiet = 4, side = n + 2 * quiet;
    // One path of unit squares, each dark module "Mx yh1v1h-1z".
    std::string path;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if (qr->data[y * n + x] & 1)
                path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
    const std::string box = "0 0 " + std::to_string(side) + " " + std::to_string(side);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" style=\"position:absolute\" "
           "aria-hidden=\"true\"><symbol id=\"" + HtmlEscape(id) + "\" viewBox=\"" + box +
           "\"><rect width=\"" + std::to_string(side) + "\" height=\"" + std::to_string(side) +
           "\" fill=\"#fff\"/><path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"" + path +
           "\"/></symbol></svg>";
}

std::string QrUse(const std::string& id, double size_mm, const std::string& label) {
    char size[32];
    std::snprintf(size, sizeof size, "%.1fmm", size_mm);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + HtmlEscape(label) + "\" width=\"" +
           size + "\" height=\"" + size + "\"><use href=\"#" + HtmlEscape(id) + "\"/></svg>";
}

} // namespace quartier
