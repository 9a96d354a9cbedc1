package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.schema.RecordOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoeffectionEventNameTest {

    @Test
    void standardEntitiesAndOperationsAreNamedAsThePipelineNamesThem() {
        assertThat(CoeffectionEventName.parse("contact.created")).contains(new CoeffectionEventName("Contact", RecordOperation.CREATE));
        assertThat(CoeffectionEventName.parse("lead.updated")).contains(new CoeffectionEventName("Lead", RecordOperation.UPDATE));
        assertThat(CoeffectionEventName.parse("opportunity.deleted")).contains(new CoeffectionEventName("Opportunity", RecordOperation.DELETE));
    }

    @Test
    void aCustomEntityIsItsPrefixCapitalised() {
        assertThat(CoeffectionEventName.parse("vendor.updated")).contains(new CoeffectionEventName("Vendor", RecordOperation.UPDATE));
        assertThat(CoeffectionEventName.parse("purchaseOrder.created")).contains(new CoeffectionEventName("PurchaseOrder", RecordOperation.CREATE));
    }

    @Test
    void otherNamesAreNotRecordChanges() {
        assertThat(CoeffectionEventName.parse("invoice.paid")).isEmpty();
        assertThat(CoeffectionEventName.parse("contact")).isEmpty();
        assertThat(CoeffectionEventName.parse(".created")).isEmpty();
        assertThat(CoeffectionEventName.parse("contact.")).isEmpty();
        assertThat(CoeffectionEventName.parse("a:b.created")).isEmpty();
        assertThat(CoeffectionEventName.parse(null)).isEmpty();
    }
}
