// System module for libheif; pkg-config supplies the include path and link flags.
// SPDX-License-Identifier: Apache-2.0
#include <stddef.h>
#include <libheif/heif.h>
