/**
 * Stand-in for the router's web admin login page: served at `/` and by the
 * `html` fault, because a router with the API disabled (and some error
 * paths) answers API calls with this page instead of JSON.
 */

export const WEB_ADMIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Web Admin | Peplink</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body class="login">
<div id="login_box">
<h1>Web Admin</h1>
<form name="login" method="post" action="/cgi-bin/MANGA/admin.cgi">
<input type="hidden" name="func" value="login">
<label>Username <input type="text" name="username" autocomplete="username"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit">Login</button>
</form>
<p class="note">Peplink simulator: this page stands in for the router's web admin.</p>
</div>
</body>
</html>
`;

export const SERVER_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>500 Internal Server Error</title></head>
<body><h1>500 Internal Server Error</h1></body></html>
`;

/** A JSON body cut off mid-way, as a dropped connection or a crashed CGI leaves it. */
export const TRUNCATED_JSON = '{"stat":"ok","response":{"1":{"name":"WAN 1","enable":true,"statusLed":"gre';
