/** HTTP details kept apart from the routes: answers and the bounded body read. */
package com.coeffection.sync.ingress.http;
