/**
 * A local stand-in for monday.com: validates every query against monday's published schema, executes the
 * connector's operations on in-memory boards, enforces monday's limits with its error shapes, sends webhooks like
 * monday's, and has fault knobs for tests. The only replacement for monday the project's tests use.
 */
package com.coeffection.sync.monday.standin;
