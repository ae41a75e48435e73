#ifndef GROUNDWORK_CCMARK_SHIM_H
#define GROUNDWORK_CCMARK_SHIM_H
#include <cmark.h>
#endif
