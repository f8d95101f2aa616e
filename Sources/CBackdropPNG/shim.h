// System module for libpng; pkg-config supplies the include path and link flags.
// SPDX-License-Identifier: Apache-2.0
#include <png.h>
