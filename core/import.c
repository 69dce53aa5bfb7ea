#include "import.h"
