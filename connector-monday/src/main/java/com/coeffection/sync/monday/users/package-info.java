/** People: Coeffection identifies them by email, monday by user id. */
package com.coeffection.sync.monday.users;
