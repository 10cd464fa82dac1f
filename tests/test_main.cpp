// The one doctest main shared by every test binary. The program's catalogs (po/) are loaded
// first, as the server loads them: tests read the words people read.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "shared/i18n.h"

int main(int argc, char** argv) {
    quartier::AddBuiltInCatalogs();
    doctest::Context context(argc, argv);
    return context.run();
}
