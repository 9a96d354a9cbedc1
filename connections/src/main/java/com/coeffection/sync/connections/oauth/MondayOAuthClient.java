package com.coeffection.sync.connections.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;

import java.io.IOException;
import java.net.URI;

/**
 * monday's OAuth 2 authorization-code flow with PKCE, through the Nimbus OAuth 2.0 SDK: the authorize URL, reading
 * the callback, exchanging the code, revoking a token. Tokens are returned to the caller and never logged.
 */
public final class MondayOAuthClient {
    private static final int TIMEOUT_MS = 15_000;

    private final OAuthSettings settings;
    private final java.util.function.Supplier<URI> redirectUri;

    /**
     * A token monday issued, with the scopes it was granted (monday names them).
     *
     * @param refreshToken what renews it (OAuth 2.1), or null when monday gave none (a token that does not expire)
     * @param lifetimeSeconds how long it works from now, or null when monday did not say
     */
    public record IssuedToken(String accessToken, String scope, String refreshToken, Long lifetimeSeconds) {
        public IssuedToken(String accessToken, String scope) {
            this(accessToken, scope, null, null);
        }

        @Override
        public String toString() {
            return "IssuedToken[scope=" + scope + ", refreshable=" + (refreshToken != null) + ", lifetime="
                    + lifetimeSeconds + "]";
        }
    }

    /**
     * monday did not renew a token. {@code permanent}: it refused the refresh token (the grant was revoked, the
     * refresh token is unknown or was used before): only a new authorization helps. Otherwise monday could not be
     * reached or answered unreadably: try again later.
     */
    public static final class RefreshFailed extends RuntimeException {
        private final boolean permanent;

        public RefreshFailed(boolean permanent, String message) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    /** The callback's answer: a code, or monday's error (the admin cancelled, a scope was refused...). */
    public sealed interface Callback {
        String state();

        record Code(String state, String code) implements Callback {
            @Override
            public String toString() {
                return "Code[state given]";
            }
        }

        record Refused(String state, String error, String description) implements Callback {
        }
    }

    /** monday refused to exchange a code (unknown, expired, used before, wrong verifier) or could not be reached. */
    public static final class CodeRejected extends RuntimeException {
        private final String error;

        public CodeRejected(String error, String message) {
            super(message);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /** @param redirectUri our callback URL (asked when needed: a server on a free port knows it once listening) */
    public MondayOAuthClient(OAuthSettings settings, java.util.function.Supplier<URI> redirectUri) {
        this.settings = settings;
        this.redirectUri = redirectUri;
    }

    public URI redirectUri() {
        return redirectUri.get();
    }

    /** Where to send the admin: monday's authorize screen with our client id, scopes, state and PKCE challenge. */
    public URI authorizeUri(PendingAuthorizations.Pending pending) {
        return new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(settings.clientId()))
                .endpointURI(settings.authorizeUri())
                .redirectionURI(redirectUri.get())
                .scope(new Scope(settings.scopes().toArray(String[]::new)))
                .state(new State(pending.state()))
                .codeChallenge(new CodeVerifier(pending.codeVerifier()), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Reads the callback URL monday redirected the admin's browser to. */
    public static Callback callback(URI callbackUrl) {
        try {
            AuthorizationResponse response = AuthorizationResponse.parse(callbackUrl);
            String state = response.getState() == null ? null : response.getState().getValue();
            if (response.indicatesSuccess()) {
                return new Callback.Code(state, response.toSuccessResponse().getAuthorizationCode().getValue());
            }
            ErrorObject error = response.toErrorResponse().getErrorObject();
            return new Callback.Refused(state, error.getCode(), error.getDescription());
        } catch (ParseException e) {
            return new Callback.Refused(null, "invalid_request", "the callback is not an OAuth answer: " + e.getMessage());
        }
    }

    /** Exchanges the code (with the PKCE verifier of its authorization) for an access token. */
    public IssuedToken exchange(String code, String codeVerifier) {
        TokenRequest request = new TokenRequest(settings.tokenUri(), clientAuthentication(),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri.get(), new CodeVerifier(codeVerifier)));
        try {
            TokenResponse response = TokenResponse.parse(send(request.toHTTPRequest()));
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                throw new CodeRejected(error.getCode() == null ? "token_request_failed" : error.getCode(),
                        "monday refused the authorization code: " + (error.getDescription() != null
                                ? error.getDescription() : error.getCode() + " (HTTP " + error.getHTTPStatusCode() + ")"));
            }
            return issued(response.toSuccessResponse());
        } catch (ParseException e) {
            throw new CodeRejected("invalid_token_response", "monday's token answer could not be read: " + e.getMessage());
        } catch (IOException e) {
            throw new CodeRejected("unreachable", "monday's token endpoint could not be reached: " + e.getMessage());
        }
    }

    /** Renews an access token with its refresh token (monday answers with a new pair; the old refresh token is spent). */
    public IssuedToken refresh(String refreshToken) {
        TokenRequest request = new TokenRequest(settings.tokenUri(), clientAuthentication(),
                new RefreshTokenGrant(new RefreshToken(refreshToken)));
        try {
            TokenResponse response = TokenResponse.parse(send(request.toHTTPRequest()));
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                boolean permanent = "invalid_grant".equals(error.getCode()) || "invalid_client".equals(error.getCode())
                        || "unauthorized_client".equals(error.getCode());
                throw new RefreshFailed(permanent, "monday refused to renew the token: " + (error.getDescription() != null
                        ? error.getDescription() : error.getCode() + " (HTTP " + error.getHTTPStatusCode() + ")"));
            }
            return issued(response.toSuccessResponse());
        } catch (ParseException e) {
            throw new RefreshFailed(false, "monday's token answer could not be read: " + e.getMessage());
        } catch (IOException e) {
            throw new RefreshFailed(false, "monday's token endpoint could not be reached: " + e.getMessage());
        }
    }

    private static IssuedToken issued(AccessTokenResponse ok) {
        Scope scope = ok.getTokens().getAccessToken().getScope();
        RefreshToken refresh = ok.getTokens().getRefreshToken();
        long lifetime = ok.getTokens().getAccessToken().getLifetime();
        return new IssuedToken(ok.getTokens().getAccessToken().getValue(), scope == null ? null : scope.toString(),
                refresh == null ? null : refresh.getValue(), lifetime > 0 ? lifetime : null);
    }

    /**
     * Revokes a token at monday when a revocation endpoint is configured.
     *
     * @return whether monday confirmed it (false when not configured or monday did not answer 200)
     */
    public boolean revoke(String accessToken) {
        if (settings.revokeUri() == null) {
            return false;
        }
        TokenRevocationRequest request = new TokenRevocationRequest(settings.revokeUri(), clientAuthentication(),
                new BearerAccessToken(accessToken));
        try {
            return send(request.toHTTPRequest()).getStatusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private ClientAuthentication clientAuthentication() {
        return new ClientSecretPost(new ClientID(settings.clientId()), new Secret(settings.clientSecret()));
    }

    private static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(TIMEOUT_MS);
        request.setReadTimeout(TIMEOUT_MS);
        return request.send();
    }
}
