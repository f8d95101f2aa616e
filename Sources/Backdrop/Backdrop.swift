// Backdrop: the umbrella module re-exporting the pixel core, colour facts and codecs.
// SPDX-License-Identifier: Apache-2.0

@_exported import BackdropCodecs
@_exported import BackdropColor
@_exported import BackdropCore
@_exported import BackdropLCMS
