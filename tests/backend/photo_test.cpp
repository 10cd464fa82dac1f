// Photos on proposals and follow-up updates: a phone's JPEG (GPS position, camera, sideways
// orientation) comes back upright with no metadata at all; PNG and WebP are taken; a text
// file, a truncated JPEG and a header claiming billions of pixels are refused in words; at
// most four photos a proposal, added by its author only; served with year-long caching and
// 304s; a hidden proposal's photos are not served to the public; moderators remove one (in
// the audit chain); the resident's export holds them and erasure removes them.
// Fixtures: tests/data/photos (made by make.sh there, with libvips and exiftool).
#include "backend/api_fixture.h"
#include "backend/plain_browser.h"
#include "backend/photo.h"
#include "shared/audit_text.h"

#include <fstream>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kVille = "/api/v1/tenants/ville";

std::string Fixture(const std::string& name) {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/photos/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Whatever of a file's metadata could survive: the EXIF and XMP blocks' names, the GPS
// tags' name, the camera's make written by exiftool, an ICC profile's.
bool HasMetadata(const std::string& jpeg) {
    for (const char* mark : {"Exif", "GPS", "Fairphone", "http://ns.adobe.com/xap", "ICC_PROFILE"})
        if (jpeg.find(mark) != std::string::npos) return true;
    return false;
}

Reply Upload(Town& town, std::int64_t proposal, const std::string& bytes, const std::string& token,
             const std::string& alt = "", const std::string& type = "image/jpeg") {
    return Call(town.server, "POST", kVille + "/proposals/" + std::to_string(proposal) + "/photos" + (alt.empty() ? "" : "?alt=" + alt),
                nullptr, token, bytes, type);
}

Reply Get(Town& town, const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c = town.server.Client();
    return ToReply(c.Get(path.c_str(), headers));
}

} // namespace

TEST_CASE("a phone's JPEG is re-encoded upright at each size, without a byte of its metadata") {
    const std::string gps = Fixture("gps.jpg");
    REQUIRE(HasMetadata(gps)); // the fixture does carry a position and a camera
    ProcessedPhoto out;
    REQUIRE_FALSE(ProcessPhoto(gps, out));
    // Stored 96 × 64 with orientation 6: upright it is 64 wide, 96 high. Smaller than every
    // box: one variant, never upscaled.
    CHECK(out.width == 64);
    CHECK(out.height == 96);
    REQUIRE(out.variants.size() == 1);
    CHECK(out.variants[0].box == 320);
    CHECK(SniffPhoto(out.variants[0].jpeg) == PhotoFormat::Jpeg);
    CHECK_FALSE(HasMetadata(out.variants[0].jpeg));
    CHECK(out.hash.size() == 64);
    // PNG (with transparency) and WebP are taken too, and come back as JPEG.
    for (const char* name : {"plain.png", "plain.webp", "plain.jpg"}) {
        CAPTURE(name);
        ProcessedPhoto p;
        REQUIRE_FALSE(ProcessPhoto(Fixture(name), p));
        CHECK(p.width == 96);
        CHECK(p.height == 64);
        CHECK(SniffPhoto(p.variants[0].jpeg) == PhotoFormat::Jpeg);
    }
}

TEST_CASE("what is not a whole, reasonable photo is refused in words before it is decoded") {
    ProcessedPhoto out;
    auto code = [&](const std::string& bytes) {
        const auto e = ProcessPhoto(bytes, out);
        return e ? e->code : std::string("accepted");
    };
    CHECK(code("") == "photo_empty");
    CHECK(code("Bonjour, voici ma proposition.\n") == "not_an_image");
    CHECK(code("GIF89a\x01\x00\x01\x00") == "not_an_image");
    CHECK(code("%PDF-1.7\n") == "not_an_image");
    const auto e = ProcessPhoto("<svg xmlns='http://www.w3.org/2000/svg'/>", out);
    REQUIRE(e);
    CHECK(e->Message("fr") == "Ce fichier n’est pas une photo : envoyez une image JPEG, PNG ou WebP.");
    CHECK(e->Message("en") == "This file is not a photo: send a JPEG, PNG or WebP image.");
    // A JPEG cut short (an upload that stopped halfway).
    const std::string jpeg = Fixture("plain.jpg");
    CHECK(code(jpeg.substr(0, jpeg.size() * 2 / 3)) == "photo_unreadable");
    CHECK(code(jpeg.substr(0, 40)) == "photo_unreadable");
    // A header claiming 60 000 × 60 000 pixels (3.6 billion, a decompression bomb's shape):
    // refused from the header, nothing decoded.
    std::string bomb = jpeg;
    const auto sof = bomb.find("\xFF\xC0");
    REQUIRE(sof != std::string::npos);
    for (size_t i : {sof + 5, sof + 7}) {
        bomb[i] = static_cast<char>(0xEA);
        bomb[i + 1] = static_cast<char>(0x60);
    }
    const auto big = ProcessPhoto(bomb, out);
    REQUIRE(big);
    CHECK(big->code == "photo_too_many_pixels");
    CHECK(big->Message("fr").find("60000 × 60000") != std::string::npos);
    // Past 10 MB.
    CHECK(code(jpeg + std::string(PhotoLimits::kMaxBytes, '\0')) == "photo_too_large");
}

TEST_CASE("a resident adds her phone's photo to her proposal; the served image has no metadata and is cached for a year") {
    Town town;
    const auto proposal = town.Propose(43.61, 1.43, town.resident);
    const auto added = Upload(town, proposal, Fixture("gps.jpg"), town.resident, "Le%20banc%20cass%C3%A9");
    REQUIRE(added.status == 201);
    CHECK(added.body["alt"] == "Le banc cassé");
    CHECK(added.body["width"] == 64);
    CHECK(added.body["height"] == 96);
    const std::string url = added.body["url"];
    CHECK(url.rfind(kVille + "/photos/", 0) == 0);
    CHECK(added.body["thumbnail"] == url); // one size only: the picture is smaller than 320

    // In the proposal's details and in the list, with its description.
    const auto details = Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal));
    REQUIRE(details.body["photos"].size() == 1);
    CHECK(details.body["photos"][0]["alt"] == "Le banc cassé");
    const auto list = Call(town.server, "GET", kVille + "/proposals");
    for (const auto& p : list.body["items"])
        if (p["id"] == proposal) CHECK(p["photos"][0]["url"] == url);

    const auto served = Get(town, url);
    REQUIRE(served.status == 200);
    CHECK(served.Header("Content-Type") == "image/jpeg");
    CHECK(served.Header("Cache-Control") == "public, max-age=31536000, immutable");
    CHECK(served.Header("X-Content-Type-Options") == "nosniff");
    CHECK(SniffPhoto(served.text) == PhotoFormat::Jpeg);
    CHECK_FALSE(HasMetadata(served.text));
    const std::string etag = served.Header("ETag");
    REQUIRE_FALSE(etag.empty());
    CHECK(Get(town, url, {{"If-None-Match", etag}}).status == 304);
    // The larger boxes give the largest there is; a wrong hash finds nothing.
    const std::string at1600 = url.substr(0, url.size() - 7) + "1600.jpg";
    CHECK(Get(town, at1600).text == served.text);
    std::string wrong = url;
    wrong[wrong.find("/photos/") + 10] = wrong[wrong.find("/photos/") + 10] == 'a' ? 'b' : 'a';
    CHECK(Get(town, wrong).status == 404);
}

TEST_CASE("photos: only the author adds them, four at most, files that are not photos refused in both languages") {
    Town town;
    const auto proposal = town.Propose(43.61, 1.43, town.resident);
    const std::string png = Fixture("plain.png");
    CHECK(Upload(town, proposal, png, "").status == 401);
    const auto stranger = Upload(town, proposal, png, town.resident2);
    CHECK(stranger.status == 403);
    CHECK(stranger.body["error"]["code"] == "not_yours");
    const auto text = Upload(town, proposal, "Ceci n’est pas une image", town.resident, "", "image/jpeg");
    CHECK(text.status == 400);
    CHECK(text.body["error"]["code"] == "not_an_image");
    CHECK(text.body["error"]["messages"]["fr"] == "Ce fichier n’est pas une photo : envoyez une image JPEG, PNG ou WebP.");
    const std::string jpeg = Fixture("plain.jpg");
    const auto cut = Upload(town, proposal, jpeg.substr(0, jpeg.size() / 2), town.resident);
    CHECK(cut.status == 400);
    CHECK(cut.body["error"]["code"] == "photo_unreadable");
    for (const char* name : {"plain.png", "plain.webp", "plain.jpg", "gps.jpg"})
        CHECK(Upload(town, proposal, Fixture(name), town.resident).status == 201);
    const auto fifth = Upload(town, proposal, png, town.resident);
    CHECK(fifth.status == 409);
    CHECK(fifth.body["error"]["code"] == "too_many_photos");
    const auto details = Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal));
    CHECK(details.body["photos"].size() == 4);
    // Nothing refused was stored.
    const auto photo = details.body["photos"][0]["id"].get<std::int64_t>();
    // The author describes it; a stranger cannot; the author removes one.
    CHECK(Call(town.server, "PATCH", kVille + "/photos/" + std::to_string(photo), {{"alt", "Vue du parc"}}, town.resident2).status == 403);
    const auto described = Call(town.server, "PATCH", kVille + "/photos/" + std::to_string(photo), {{"alt", "Vue du parc"}}, town.resident);
    REQUIRE(described.status == 200);
    CHECK(described.body["alt"] == "Vue du parc");
    CHECK(Call(town.server, "DELETE", kVille + "/photos/" + std::to_string(photo), nullptr, town.resident).status == 200);
    CHECK(Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal)).body["photos"].size() == 3);
}

TEST_CASE("a hidden proposal's photos are not served to the public; a moderator removes a photo, in the audit chain") {
    Town town;
    const auto proposal = town.Propose(43.61, 1.43, town.resident);
    const auto added = Upload(town, proposal, Fixture("plain.jpg"), town.resident);
    REQUIRE(added.status == 201);
    const std::string url = added.body["url"];
    REQUIRE(Call(town.server, "POST", kVille + "/moderation/proposals/" + std::to_string(proposal) + "/hide",
                 {{"reason", "Hors sujet"}}, town.moderator).status == 200);
    CHECK(Get(town, url).status == 404);
    const auto for_moderator = Get(town, url, {{"Authorization", "Bearer " + town.moderator}});
    CHECK(for_moderator.status == 200);
    CHECK(for_moderator.Header("Cache-Control") == "private, no-store");

    const auto second = town.Propose(43.61, 1.43, town.resident);
    const auto photo = Upload(town, second, Fixture("plain.png"), town.resident);
    REQUIRE(photo.status == 201);
    const std::string id = std::to_string(photo.body["id"].get<std::int64_t>());
    CHECK(Call(town.server, "DELETE", kVille + "/photos/" + id, nullptr, town.resident2).status == 403);
    CHECK(Call(town.server, "DELETE", kVille + "/photos/" + id, nullptr, town.other_moderator).status == 403);
    REQUIRE(Call(town.server, "DELETE", kVille + "/photos/" + id, {{"reason", "Visage reconnaissable"}}, town.moderator).status == 200);
    CHECK(Get(town, photo.body["url"].get<std::string>()).status == 404);
    const auto audit = Call(town.server, "GET", kVille + "/moderation/audit", nullptr, town.moderator);
    CHECK(audit.text.find("proposal.photo_removed") != std::string::npos);
    CHECK(AuditSentence(audit.body["items"].back(), "fr").find("a retiré une photo de la proposition") != std::string::npos);
    CHECK(audit.text.find("Visage reconnaissable") != std::string::npos);
}

TEST_CASE("a resident's export holds her photos without metadata; erasing her account removes them") {
    Town town;
    const auto proposal = town.Propose(43.61, 1.43, town.resident);
    const auto added = Upload(town, proposal, Fixture("gps.jpg"), town.resident, "Devant%20l%E2%80%99%C3%A9cole");
    REQUIRE(added.status == 201);
    const auto exported = Call(town.server, "GET", "/api/v1/me/export", nullptr, town.resident);
    REQUIRE(exported.body["photos"].size() == 1);
    CHECK(exported.body["photos"][0]["proposal"] == proposal);
    CHECK(exported.body["photos"][0]["alt"] == "Devant l’école");
    CHECK(exported.body["photos"][0]["url"] == added.body["url"]);
    CHECK(exported.body["photos"][0]["jpeg_base64"].get<std::string>().rfind("/9j/", 0) == 0); // a JPEG's first bytes
    // Erased, proposals kept: the proposal stays, her photo goes.
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me", nullptr, town.resident).status == 204);
    CHECK(Get(town, added.body["url"].get<std::string>()).status == 404);
    CHECK(Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal)).body["photos"].empty());
}

TEST_CASE("plain pages: the author adds a photo with a form (no JavaScript); everyone sees it with its description") {
    Town town;
    const auto proposal = town.Propose(43.61, 1.43, town.resident);
    const std::string page = "/simple/ville/propositions/" + std::to_string(proposal);
    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token(page);
    const Reply form = b.Send("GET", page);
    CHECK(form.text.find("enctype=\"multipart/form-data\"") != std::string::npos);
    CHECK(form.text.find("<label for=\"photo\">Photo</label>") != std::string::npos);
    auto send = [&](const std::string& bytes, const std::string& filename, const std::string& with_token) {
        httplib::Client c = town.server.Client();
        std::string jar;
        for (const auto& [k, v] : b.cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        httplib::Headers h{{"Cookie", jar}};
        httplib::MultipartFormDataItems items{{"jeton", with_token, "", ""},
                                              {"description", "Le trottoir devant l’école", "", ""},
                                              {"photo", bytes, filename, "image/jpeg"}};
        return ToReply(c.Post((page + "/photos").c_str(), h, items));
    };
    CHECK(send(Fixture("gps.jpg"), "IMG_2041.jpg", std::string(64, '0')).status == 403);
    const Reply text = send("Ceci n’est pas une image", "notes.txt", token);
    CHECK(text.status == 400);
    CHECK(text.text.find("Ce fichier n’est pas une photo : envoyez une image JPEG, PNG ou WebP.") != std::string::npos);
    CHECK(text.text.find("value=\"Le trottoir devant l’école\"") != std::string::npos); // the description kept
    const Reply added = send(Fixture("gps.jpg"), "IMG_2041.jpg", token);
    REQUIRE(added.status == 303);
    CHECK(added.Header("Location").find(page + "?fait=photo#photos") == 0);
    const auto photos = Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal)).body["photos"];
    REQUIRE(photos.size() == 1);
    const std::string url = photos[0]["url"];
    // Anyone reading the page sees it, described, at its size.
    Browser anonymous{town.server};
    const Reply read = anonymous.Send("GET", page);
    CHECK(read.text.find("<img src=\"" + url + "\"") != std::string::npos);
    CHECK(read.text.find("alt=\"Le trottoir devant l’école\"") != std::string::npos);
    CHECK(read.text.find("width=\"64\" height=\"96\"") != std::string::npos);
    CHECK(read.text.find("name=\"photo\"") == std::string::npos); // no form but the author's
    CHECK_FALSE(HasMetadata(Get(town, url).text));
}
