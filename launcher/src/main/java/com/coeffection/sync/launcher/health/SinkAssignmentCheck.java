package com.coeffection.sync.launcher.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The monday sink's consumer group, as the broker sees it: stable, and every partition of the commands topic
 * assigned to one of its workers. Down while the group rebalances, has no member, or leaves a partition without a
 * worker (its boards' commands wait then).
 */
public final class SinkAssignmentCheck implements Check {
    private final Admin admin;
    private final String group;
    private final String topic;

    public SinkAssignmentCheck(Admin admin, String group, String commandsTopic) {
        this.admin = admin;
        this.group = group;
        this.topic = commandsTopic;
    }

    @Override
    public String name() {
        return "sink-partitions";
    }

    @Override
    public Result check() {
        try {
            int partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            ConsumerGroupDescription described = admin.describeConsumerGroups(Set.of(group),
                    new DescribeConsumerGroupsOptions().timeoutMs(2500)).all().get(3, TimeUnit.SECONDS).get(group);
            Set<Integer> assigned = new HashSet<>();
            for (MemberDescription member : described.members()) {
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        assigned.add(tp.partition());
                    }
                }
            }
            String seen = "group " + group + " " + described.groupState() + ", " + described.members().size()
                    + " worker(s), " + assigned.size() + " of " + partitions + " partitions of " + topic + " assigned";
            if (described.groupState() == GroupState.STABLE && assigned.size() == partitions) {
                return Result.up(seen);
            }
            return Result.down(seen + "; commands of unassigned partitions wait (see the sink log)");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Result.down("cannot describe group " + group + " (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + ")");
        }
    }
}
