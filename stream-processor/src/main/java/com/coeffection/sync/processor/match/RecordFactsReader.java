package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.RecordFacts;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.topics.RecordKeys;

/**
 * Reads what matching compares from a record's resolved state: the value of the field mapped to the item name, of
 * the field mapped to the board's email column and of the one mapped to its phone column, and the monday group its
 * stage maps to (null when the mapping has no groups).
 */
final class RecordFactsReader {
    private RecordFactsReader() {
    }

    static RecordFacts read(RecordState state, MappedBoard board) {
        String name = board.mapping().getItemNameField() == null ? null
                : text(state, board.mapping().getItemNameField());
        String email = null;
        String phone = null;
        for (FieldMapping f : board.fields()) {
            if (email == null && "email".equals(f.getColumnType())) {
                email = text(state, f.getField());
            } else if (phone == null && "phone".equals(f.getColumnType())) {
                phone = text(state, f.getField());
            }
        }
        String group = null;
        StageMap stages = board.stages();
        if (stages != null && stages.enabled()) {
            FieldState stage = state.existingField(stages.stageField());
            if (stage != null && stage.resolved() != null) {
                String name0 = StageMap.stageOf(stage.resolved().value());
                group = name0 == null ? null : stages.groupOf(name0);
            }
        }
        return new RecordFacts(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), name,
                email, phone, group);
    }

    private static String text(RecordState state, String field) {
        FieldState f = state.existingField(field);
        if (f == null || f.resolved() == null) {
            return null;
        }
        FieldValue value = f.resolved().value();
        Object v = value == null ? null : value.getValue();
        if (v instanceof TextValue t) {
            return t.getText();
        }
        if (v instanceof EmailValue e) {
            return e.getEmail();
        }
        if (v instanceof PhoneValue p) {
            return p.getNumber();
        }
        if (v instanceof LinkValue l) {
            return l.getText();
        }
        return v == null ? null : v.toString();
    }
}
