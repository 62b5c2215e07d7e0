/** GPIO configuration (reference § POST config.gpio, beta). */
import type { OrderedMap, Open } from "./common";

export type GpioType = "digital_input" | "digital_output" | "analog_input";

export type DigitalInputMode = "input_sensing" | "ignition_sensing";
/**
 * `toggle_high` is not in the reference's table but is what its own example
 * sends for a digital output, so it is allowed here.
 */
export type DigitalOutputMode = "wan_status" | "toggle_high";
export type AnalogInputMode = "input_sensing" | "voltage_measurement" | "analog_testing";
export type GpioMode = DigitalInputMode | DigitalOutputMode | AnalogInputMode;

interface GpioUpdateBase {
  id: number;
  enable?: boolean;
  /** Seconds, 1–3600; input types only. */
  delay?: number;
}

/**
 * One GPIO to update. The allowed `mode` depends on `type`, so a wrong pair is
 * a compile error; without `type` the pin keeps its type and any mode is let
 * through to the router to judge.
 */
export type GpioUpdate = GpioUpdateBase &
  (
    | { type?: undefined; mode?: GpioMode }
    | { type: "digital_input"; mode?: DigitalInputMode }
    | { type: "digital_output"; mode?: DigitalOutputMode }
    | { type: "analog_input"; mode?: AnalogInputMode }
  );

/** POST config.gpio. An empty or absent `list` changes nothing and returns the current config. */
export interface ConfigGpioParams {
  list?: readonly GpioUpdate[];
  /** Also return the supported types and modes per pin (`reference`). */
  reference?: boolean;
}

/** A pin's configuration (`<GPIO_Obj>`). */
export interface GpioConfig {
  enable: boolean;
  type: Open<GpioType>;
  mode?: Open<GpioMode>;
  /** Seconds; input types only. */
  delay?: number;
}

/** What a pin supports (`<GPIO_Ref_Obj>`). */
export interface GpioReference {
  name?: string;
  type?: Array<Open<GpioType>>;
  mode?: {
    digital_input?: Array<Open<DigitalInputMode>>;
    digital_output?: Array<Open<DigitalOutputMode>>;
    analog_input?: Array<Open<AnalogInputMode>>;
  };
}

/** Keys beside the pin IDs. */
export interface ConfigGpioResponseExtras {
  /** With `reference: true`: what each pin supports. */
  reference?: OrderedMap<GpioReference>;
}

/** Pins by ID, plus `reference` when asked for. */
export type ConfigGpioResponse = OrderedMap<GpioConfig> & ConfigGpioResponseExtras;
