/** How shared command code calls the router: a node's DeviceLink.call (queue, read-only check, abort on close). */
import type { ApiResult } from "../../api/client";
import type { HttpMethod } from "../../api/endpoints";

export type Caller = <T = unknown>(method: HttpMethod, endpoint: string, params?: object) => Promise<ApiResult<T>>;
