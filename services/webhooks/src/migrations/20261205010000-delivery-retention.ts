import { Migration } from '@travel-crm/service-kit'

/**
 * What the purge of old deliveries reads by: finished deliveries by age, attempts by their delivery (the
 * cascade from a deleted delivery would otherwise read every attempt), and stored events by age.
 */
export class DeliveryRetention20261205010000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('create index delivery_finished on delivery (created_at) where status <> \'pending\'')
    this.addSql('create index attempt_delivery on attempt (delivery_id)')
    this.addSql('create index event_received on event (received_at)')
  }
}
