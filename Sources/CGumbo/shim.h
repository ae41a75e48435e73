#ifndef GROUNDWORK_CGUMBO_SHIM_H
#define GROUNDWORK_CGUMBO_SHIM_H
#include <gumbo.h>
#endif
