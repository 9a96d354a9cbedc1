"""Registers an Avro schema with Confluent's Python client (Debian's python3-confluent-kafka, legacy API).

usage: register_schema.py REGISTRY_URL SUBJECT SCHEMA_FILE
prints "registered <id>" or "refused: <the registry's answer>"
"""
import sys

from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.error import ClientError
from confluent_kafka.avro.load import loads


def main():
    url, subject, schema_file = sys.argv[1:4]
    with open(schema_file) as f:
        schema = loads(f.read())
    client = CachedSchemaRegistryClient({"url": url})
    try:
        schema_id = client.register(subject, schema)
        print("registered %s" % schema_id)
    except ClientError as e:
        print("refused: %s" % e)


if __name__ == "__main__":
    main()
