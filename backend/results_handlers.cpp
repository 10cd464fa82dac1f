// Results and open data (filled in below).
#include "backend/routes.h"

namespace quartier {

namespace {
[[noreturn]] void NotYet() {
    Fail(501, "not_implemented", "Not available yet.", "Pas encore disponible.");
}
} // namespace

Response HandleResults(AppContext&, const Request&) { NotYet(); }
Response HandleBallotsPb(AppContext&, const Request&) { NotYet(); }
Response HandleProcessProjectsCsv(AppContext&, const Request&) { NotYet(); }
Response HandleProcessProjectsGeoJson(AppContext&, const Request&) { NotYet(); }

} // namespace quartier
