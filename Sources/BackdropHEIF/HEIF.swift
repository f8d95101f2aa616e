// HEIF: decoding through libheif (the codec lands in a later commit).
// SPDX-License-Identifier: Apache-2.0
