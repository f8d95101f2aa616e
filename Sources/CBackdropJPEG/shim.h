// System module for libjpeg-turbo's TurboJPEG 2 API; pkg-config supplies the include path and link flags.
// SPDX-License-Identifier: Apache-2.0
#include <stddef.h>
#include <turbojpeg.h>
