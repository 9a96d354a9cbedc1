package com.coeffection.sync.monday.standin.oauth;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/** The same exchange with another {@code Authorization} request header; everything else is the original's. */
final class AuthorizationSwap extends HttpExchange {
    private final HttpExchange original;
    private final Headers headers = new Headers();

    AuthorizationSwap(HttpExchange original, String authorization) {
        this.original = original;
        headers.putAll(original.getRequestHeaders());
        headers.set("Authorization", authorization);
    }

    @Override public Headers getRequestHeaders() { return headers; }
    @Override public Headers getResponseHeaders() { return original.getResponseHeaders(); }
    @Override public URI getRequestURI() { return original.getRequestURI(); }
    @Override public String getRequestMethod() { return original.getRequestMethod(); }
    @Override public HttpContext getHttpContext() { return original.getHttpContext(); }
    @Override public void close() { original.close(); }
    @Override public InputStream getRequestBody() { return original.getRequestBody(); }
    @Override public OutputStream getResponseBody() { return original.getResponseBody(); }
    @Override public void sendResponseHeaders(int code, long length) throws IOException { original.sendResponseHeaders(code, length); }
    @Override public InetSocketAddress getRemoteAddress() { return original.getRemoteAddress(); }
    @Override public int getResponseCode() { return original.getResponseCode(); }
    @Override public InetSocketAddress getLocalAddress() { return original.getLocalAddress(); }
    @Override public String getProtocol() { return original.getProtocol(); }
    @Override public Object getAttribute(String name) { return original.getAttribute(name); }
    @Override public void setAttribute(String name, Object value) { original.setAttribute(name, value); }
    @Override public void setStreams(InputStream in, OutputStream out) { original.setStreams(in, out); }
    @Override public HttpPrincipal getPrincipal() { return original.getPrincipal(); }
}
