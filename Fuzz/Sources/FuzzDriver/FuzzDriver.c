// Header-only target (SwiftPM wants a source file): see include/FuzzDriver.h.
#include "FuzzDriver.h"
