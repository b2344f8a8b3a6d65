/** The welcome page of a default nginx, answered with 200 where a status body was expected. */
export const nginxPage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
${'<p>If you see this page, the nginx web server is successfully installed and working.</p>\n'.repeat(40)}</body>
</html>
`
