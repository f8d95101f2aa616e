// WebP: decoding and encoding through libwebp (the codec lands in the next commit).
// SPDX-License-Identifier: Apache-2.0
