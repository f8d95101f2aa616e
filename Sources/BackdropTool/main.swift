// The `backdrop` executable: hands the command line to BackdropCLI.
// SPDX-License-Identifier: Apache-2.0

import BackdropCLI

BackdropCommand.runAndExit()
