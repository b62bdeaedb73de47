import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { SupplierKind, SupplierPayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/** An airline, hotel or other company the agency books with, and the commission it usually pays. */
export const Supplier = defineEntity({
  name: 'Supplier',
  tableName: 'supplier',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    kind: p.string().length(10).$type<SupplierKind>(),
    email: p.string().length(254).nullable(),
    phone: p.string().length(30).nullable(),
    defaultCommissionRate: p.decimal().precision(5).scale(2),
    ...auditProperties
  }
})

export type Supplier = InferEntity<typeof Supplier>

export function supplierPayload (supplier: Supplier): SupplierPayload {
  return {
    id: supplier.id,
    name: supplier.name,
    kind: supplier.kind,
    email: supplier.email ?? null,
    phone: supplier.phone ?? null,
    default_commission_rate: supplier.defaultCommissionRate,
    ...auditFields(supplier)
  }
}
