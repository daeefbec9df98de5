// The Kafka release the project runs; must match <kafka.version> in infra/kafka/pom.xml.
export const KAFKA_VERSION = '4.1.1';
