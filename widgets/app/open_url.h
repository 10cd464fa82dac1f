// Opens a page of the same server in a new tab (the console's moderation space, the ballot's
// preview): path is "/…". One more piece of the platform seam (platform_web.cpp,
// platform_native.cpp); native builds keep the paths for tests: TakeOpenedUrls() returns and
// forgets them.
#pragma once

#include <string>
#include <vector>

namespace quartier {

void OpenUrl(const std::string& path);
std::vector<std::string> TakeOpenedUrls();

} // namespace quartier
