package com.coeffection.sync.monday.sink.coalesce;

/**
 * A change that acts on the record's item (a write, a move, an archive): it knows the item's id, or learns it when an
 * earlier ensure of the same record finds or creates the item.
 */
abstract sealed class KnownItemOp extends ItemOp permits WriteOp, MoveOp, ArchiveOp {
    private Long itemId;

    KnownItemOp(PendingCommand first, Long itemId) {
        super(first);
        this.itemId = itemId;
    }

    /** The item, or null while an earlier ensure of the same record has not found or created it. */
    @Override
    public final Long itemId() {
        return itemId;
    }

    /** A command that names its item (a move after a relink) points the change at it. */
    final void pointAt(Long id) {
        if (id != null) {
            itemId = id;
        }
    }

    @Override
    final void learnItem(long id) {
        if (itemId == null) {
            itemId = id;
        }
    }
}
