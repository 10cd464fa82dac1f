// Storage of the current two-finger gesture (see touch.h).
#include "widgets/app/touch.h"

namespace quartier {

TouchPinch& CurrentPinch() {
    static TouchPinch pinch;
    return pinch;
}

} // namespace quartier
