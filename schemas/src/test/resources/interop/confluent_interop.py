#!/usr/bin/env python3
"""Produces or consumes record changes with Confluent's Python client (confluent_kafka.avro),
against a real broker and a schema registry serving the Confluent Schema Registry REST API.

  produce  --bootstrap B --registry URL --topic T --schema FILE --record-id ID
  consume  --bootstrap B --registry URL --topic T --count N   (prints one JSON line per record)
"""
import argparse
import base64
import datetime
import decimal
import json
import sys

import avro.schema
from confluent_kafka import Consumer, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

UTC = datetime.timezone.utc


def number(text):
    d = decimal.Decimal(text)
    sign, digits, exponent = d.as_tuple()
    unscaled = int("".join(map(str, digits))) * (-1 if sign else 1)
    length = max(1, (unscaled.bit_length() + 8) // 8)
    return {"unscaled": unscaled.to_bytes(length, "big", signed=True), "scale": -exponent}


def sample(record_id):
    at = datetime.datetime(2024, 4, 15, 14, 5, 0, tzinfo=UTC)

    def field(name, value):
        return {"field": name, "value": None if value is None else {"value": value}, "changedAt": at}

    return {
        "eventId": "py-" + record_id,
        "tenantId": "ten_python",
        "entityType": "Opportunity",
        "recordId": record_id,
        "operation": "UPDATE",
        "actor": {"kind": "USER", "id": "usr_py", "name": "Python Producer", "email": None},
        "occurredAt": at,
        "fields": [
            field("name", {"text": "Globex renewal"}),
            field("amount", number("98765.4321")),
            field("closeDate", {"date": datetime.date(2024, 6, 30)}),
            field("stage", {"label": "Negotiation", "index": None}),
            field("tags", {"labels": ["renewal", "priority"]}),
            field("won", {"checked": False}),
            field("phone", {"number": "+442071838750", "countryCode": "GB"}),
            field("notes", None),
        ],
        "causationId": None,
    }


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode()}
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["produce", "consume"])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--record-id", default="opp_py_1")
    parser.add_argument("--count", type=int, default=1)
    args = parser.parse_args()

    if args.mode == "produce":
        with open(args.schema) as f:
            schema = avro.schema.parse(f.read())
        # keys are plain strings in the contract; values use the Confluent wire format
        serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
        value = serializer.encode_record_with_schema(args.topic, schema, sample(args.record_id))
        producer = Producer({"bootstrap.servers": args.bootstrap})
        producer.produce(args.topic, key=("ten_python:Opportunity:" + args.record_id).encode(), value=value)
        if producer.flush(30) != 0:
            sys.exit("produce did not complete")
        print("produced", args.record_id)
    else:
        serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
        consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "python-interop",
                             "auto.offset.reset": "earliest"})
        consumer.subscribe([args.topic])
        seen = 0
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=30)
        while seen < args.count and datetime.datetime.now() < deadline:
            message = consumer.poll(1.0)
            if message is None or message.error():
                continue
            print(json.dumps(plain(serializer.decode_message(message.value())), sort_keys=True))
            seen += 1
        consumer.close()
        if seen < args.count:
            sys.exit("consumed %d of %d records" % (seen, args.count))


if __name__ == "__main__":
    main()
