#include "../arm/kuser_helpers.c"
