/**
 * Parameter and response types of every operation in the Peplink API
 * reference, split by area, plus types for a few endpoints seen on real
 * routers but missing from the reference (observed.ts).
 */
export * from "./common";
export * from "./auth";
export * from "./cellular";
export * from "./sms";
export * from "./ap";
export * from "./wifi";
export * from "./gpio";
export * from "./ssid";
export * from "./wan-config";
export * from "./wan-status";
export * from "./location";
export * from "./clients";
export * from "./lan";
export * from "./pepvpn";
export * from "./firmware";
export * from "./config";
export * from "./observed";
