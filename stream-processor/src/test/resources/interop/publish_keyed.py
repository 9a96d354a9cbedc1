#!/usr/bin/env python3
"""Publishes ready-made Kafka records with Confluent's Python client (librdkafka), the way a Coeffection service
written in Python would: one record per input line "topic<TAB>key<TAB>base64 value", in order.

  publish_keyed.py --bootstrap B --file F [--partitioner NAME]

Without --partitioner the client's default is used (librdkafka: consistent_random, a CRC32 of the key).
"""
import argparse
import base64
import sys

from confluent_kafka import Producer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--partitioner")
    args = parser.parse_args()
    config = {"bootstrap.servers": args.bootstrap, "enable.idempotence": True, "linger.ms": 5}
    if args.partitioner:
        config["partitioner"] = args.partitioner
    producer = Producer(config)
    failures = []

    def delivered(err, message):
        if err is not None:
            failures.append(str(err))

    count = 0
    with open(args.file) as lines:
        for line in lines:
            topic, key, value = line.rstrip("\n").split("\t")
            producer.produce(topic, key=key.encode(), value=base64.b64decode(value), on_delivery=delivered)
            producer.poll(0)
            count += 1
    if producer.flush(60) != 0 or failures:
        sys.exit("publish did not complete: %s" % failures[:3])
    print("published", count)


if __name__ == "__main__":
    main()
