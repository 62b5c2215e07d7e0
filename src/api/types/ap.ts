/** The device's own Wi-Fi access point (reference § cmd.ap, alpha). */

/** GET / POST cmd.ap answer. */
export interface CmdApResponse {
  /** False on products without an AP; then nothing else is reported. */
  support: boolean;
  /** AP currently on. */
  enable?: boolean;
  /** [Experimental] "Turn off AP when there is no Internet connectivity" is enabled. */
  wanDependent?: boolean;
}

/** POST cmd.ap. */
export interface CmdApSetParams {
  /** true switches the AP on, false off. */
  enable: boolean;
}
