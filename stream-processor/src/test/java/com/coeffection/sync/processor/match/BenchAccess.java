package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.matching.ItemIndex;
import com.coeffection.sync.monday.graphql.Model;

/** Lets the benchmark index a page the way the board matcher does (the email and phone columns named email, phone). */
public final class BenchAccess {
    private BenchAccess() {
    }

    public static void indexPage(Model.ItemsPage page, ItemIndex index) {
        for (Model.ItemSnapshot item : page.items()) {
            ItemFacts facts = new ItemFactsReader("email", "phone").read(item).facts();
            index.put(facts);
        }
    }
}
