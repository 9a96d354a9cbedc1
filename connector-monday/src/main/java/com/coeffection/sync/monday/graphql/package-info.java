/**
 * monday's GraphQL API: the client ({@link com.coeffection.sync.monday.graphql.MondayClient}), the typed operations
 * it can send ({@link com.coeffection.sync.monday.graphql.Operations}), aliased batches with per-alias outcomes, and
 * the typed failures every monday error shape maps to ({@link com.coeffection.sync.monday.graphql.MondayFailure}).
 */
package com.coeffection.sync.monday.graphql;
