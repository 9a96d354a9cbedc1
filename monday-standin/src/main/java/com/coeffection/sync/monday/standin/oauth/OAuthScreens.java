package com.coeffection.sync.monday.standin.oauth;

import com.coeffection.sync.monday.standin.StandInConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/** The HTML of the stand-in's OAuth screens (plain HTML, nothing loaded from elsewhere). */
final class OAuthScreens {
    private static final String STYLE = "<style>body{font-family:sans-serif;max-width:640px;margin:40px auto;color:#323338}"
            + "h1{font-size:22px}.box{border:1px solid #c3c6d4;border-radius:8px;padding:20px}"
            + "button{padding:8px 18px;border-radius:4px;border:1px solid #0073ea;margin-right:8px;cursor:pointer}"
            + "button.approve{background:#0073ea;color:#fff}li{margin:4px 0}table{border-collapse:collapse;width:100%}"
            + "td,th{border-bottom:1px solid #e6e9ef;padding:6px;text-align:left}</style>";

    private OAuthScreens() {
    }

    /** Sign in as a person of the account and approve or deny the app's scopes. */
    static String consent(Map<String, String> request, Set<String> scopes, List<StandInConfig.User> users) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8><title>monday.com - Authorize app</title>")
                .append(STYLE).append("</head><body><div class=box><h1>monday.com (stand-in): authorize an app</h1>")
                .append("<p>The app <b>").append(esc(request.get("client_id"))).append("</b> asks to:</p><ul id=scopes>");
        scopes.forEach(s -> html.append("<li>").append(esc(s)).append("</li>"));
        html.append("</ul><form method=post action=/oauth2/authorize>");
        for (String key : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge",
                "code_challenge_method")) {
            if (request.get(key) != null) {
                html.append("<input type=hidden name=").append(key).append(" value=\"").append(esc(request.get(key))).append("\">");
            }
        }
        html.append("<p><label>Sign in as <select name=user_id id=user>");
        users.forEach(u -> html.append("<option value=").append(u.id()).append('>').append(esc(u.name())).append(" (")
                .append(esc(u.email())).append(")</option>"));
        html.append("</select></label></p><button class=approve id=approve name=decision value=approve>Authorize</button>")
                .append("<button id=deny name=decision value=deny>Cancel</button></form></div></body></html>");
        return html.toString();
    }

    /** The approved grants with a Revoke button each. */
    static String grants(List<OAuthGrants.Grant> grants, LongFunction<String> userName) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8><title>monday.com - Connected apps</title>")
                .append(STYLE).append("</head><body><h1>monday.com (stand-in): connected apps</h1><table id=grants>")
                .append("<tr><th>grant</th><th>approved by</th><th>scopes</th><th>issued</th><th></th></tr>");
        for (OAuthGrants.Grant g : grants) {
            html.append("<tr data-grant=\"").append(esc(g.id())).append("\"><td>").append(esc(g.id())).append("</td><td>")
                    .append(esc(userName.apply(g.userId()))).append("</td><td>").append(esc(String.join(" ", g.scopes())))
                    .append("</td><td>").append(g.issued()).append("</td><td>");
            if (g.live()) {
                html.append("<form method=post action=\"/oauth2/grants/").append(esc(g.id()))
                        .append("/revoke\"><button class=revoke>Revoke</button></form>");
            } else {
                html.append("revoked ").append(g.revoked());
            }
            html.append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    static String problem(String message) {
        return "<!doctype html><html><head><meta charset=utf-8><title>monday.com - Error</title>" + STYLE
                + "</head><body><div class=box><h1>Something went wrong</h1><p id=problem>" + esc(message) + "</p></div></body></html>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
