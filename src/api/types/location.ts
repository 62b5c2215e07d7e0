/** GPS location (reference § info.location). */

/** `<GPS_Location_Obj>`. */
export interface GpsLocation {
  latitude: number;
  longitude: number;
  /** Metres. */
  altitude?: number;
  speed?: number;
  /** Degrees. */
  heading?: number;
  /** Position dilution of precision. */
  pdop?: number;
  /** Horizontal dilution of precision. */
  hdop?: number;
  /** Vertical dilution of precision. */
  vdop?: number;
  /** When the fix was taken (epoch seconds). */
  timestamp?: number;
}

/**
 * GET info.location (fails on devices without GPS). With `gps: false` the
 * router may still send the last, stale `location`: check `gps` first.
 */
export interface InfoLocationResponse {
  /** The GPS fix is valid. */
  gps: boolean;
  location?: GpsLocation;
}
