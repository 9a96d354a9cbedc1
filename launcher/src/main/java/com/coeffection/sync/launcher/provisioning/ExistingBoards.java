package com.coeffection.sync.launcher.provisioning;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.schema.BoardMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connecting an existing board (one the mapping names, not created by the sync): before its mapping is published the
 * board gets what two-way sync needs and nothing else. Its items, columns and groups are left as they are; added are
 * the text column "Coeffection ID" the sink finds a record's item by before creating one (when the board has no
 * column with the mapping's Coeffection ID column id, default {@value BoardProvisioner#COEFFECTION_ID_COLUMN}), and
 * the webhooks that bring the board's changes back (those it lacks; none twice, so connecting again adds nothing).
 */
public final class ExistingBoards {
    private static final Logger log = LoggerFactory.getLogger(ExistingBoards.class);

    private final MondayClient client;
    private final BoardProvisioner provisioner;

    public ExistingBoards(MondayClient client, BoardProvisioner provisioner) {
        this.client = client;
        this.provisioner = provisioner;
    }

    /** Whether the mapping names an existing board to connect. */
    public static boolean names(BoardMapping mapping) {
        return mapping.getBoardId() != null && !mapping.getAutoCreate();
    }

    /**
     * The mapping, with its Coeffection ID column named, once the board has that column and its webhooks.
     *
     * @throws BoardProvisioner.ProvisioningException the board is not on monday, or monday refused a change
     */
    public BoardMapping connect(BoardMapping mapping, String webhookUrl) {
        long boardId = mapping.getBoardId();
        if (!provisioner.retried("check board " + boardId, () -> client.execute(new Operations.BoardExists(boardId)))) {
            throw new BoardProvisioner.ProvisioningException("board " + boardId + " of the " + mapping.getEntityType()
                    + " mapping of tenant " + mapping.getTenantId() + " is not on monday (deleted, archived, or not"
                    + " visible to the connected account): pick another board or let the sync create one");
        }
        Model.BoardSnapshot board = provisioner.retried("read board " + boardId,
                () -> client.execute(new Operations.ReadBoard(boardId, 1)));
        String idColumn = mapping.getCoeffectionIdColumnId() != null ? mapping.getCoeffectionIdColumnId()
                : BoardProvisioner.COEFFECTION_ID_COLUMN;
        boolean added = board.columns().stream().noneMatch(c -> c.id().equals(idColumn));
        if (added) {
            provisioner.retried("add the Coeffection ID column to board " + boardId, () -> client.execute(
                    new Operations.CreateColumn(boardId, BoardProvisioner.COEFFECTION_ID_TITLE, "text", idColumn,
                            "The Coeffection record this item syncs with", null)));
        }
        int hooks = provisioner.addWebhooks(boardId, webhookUrl);
        log.info("Existing board {} '{}' of tenant {} entity {} connected: {}, {} webhooks added to {}", boardId,
                board.name(), mapping.getTenantId(), mapping.getEntityType(),
                added ? "column " + idColumn + " added" : "column " + idColumn + " present", hooks, webhookUrl);
        return idColumn.equals(mapping.getCoeffectionIdColumnId()) ? mapping
                : BoardMapping.newBuilder(mapping).setCoeffectionIdColumnId(idColumn).build();
    }
}
