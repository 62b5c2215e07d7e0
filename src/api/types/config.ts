/** Pending configuration (reference § cmd.config.apply, cmd.config.discard; "internal testing"). */

/** POST cmd.config.apply: nothing, or a warning the changes were applied with. */
export type CmdConfigApplyResponse = { warning?: string } | undefined;
