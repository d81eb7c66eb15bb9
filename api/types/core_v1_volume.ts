/**
 * core/v1 volumes: Volume and every volume source (emptyDir, hostPath, configMap, secret, downwardAPI, projected, persistentVolumeClaim, ephemeral, ...).
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import {
  arr,
  bool,
  enumOf,
  field,
  inline,
  int32,
  int64,
  map,
  obj,
  quantity,
  str,
  type TypeOf,
} from "../schema/dsl.ts";
import { localObjectReferenceSchema } from "./core_v1_common.ts";
import { labelSelectorSchema, objectMetaSchema } from "./meta_v1.ts";

/** The values of the Go enum `v1.HostPathType`. */
export const hostPathTypeSchema = enumOf([
  "",
  "DirectoryOrCreate",
  "Directory",
  "FileOrCreate",
  "File",
  "Socket",
  "CharDevice",
  "BlockDevice",
], "v1.HostPathType");
/** One of the values of the Go enum `v1.HostPathType`. */
export type HostPathType = TypeOf<typeof hostPathTypeSchema>;

/** Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling. */
export const hostPathVolumeSourceSchema = obj("io.k8s.api.core.v1.HostPathVolumeSource", {
  path: field(str(), {
    proto: 1,
    doc:
      "path of the directory on the host. If the path is a symlink, it will follow the link to the real path. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath",
    required: true,
    default: "",
  }),
  type: field(hostPathTypeSchema, {
    proto: 2,
    doc:
      'type for HostPath Volume Defaults to "" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath',
    default: "",
  }),
}, {
  doc:
    "Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.",
});
/** Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling. */
export type HostPathVolumeSource = TypeOf<typeof hostPathVolumeSourceSchema>;

/** Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling. */
export const emptyDirVolumeSourceSchema = obj("io.k8s.api.core.v1.EmptyDirVolumeSource", {
  medium: field(str(), {
    proto: 1,
    doc:
      'medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium. Must be an empty string (default) or Memory. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir',
  }),
  sizeLimit: field(quantity(), {
    proto: 2,
    doc:
      "sizeLimit is the total amount of local storage required for this EmptyDir volume. The size limit is also applicable for memory medium. The maximum usage on memory medium EmptyDir would be the minimum value between the SizeLimit specified here and the sum of memory limits of all containers in a pod. The default is nil which means that the limit is undefined. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir",
  }),
  mode: field(int32(), {
    proto: 3,
    doc:
      "mode specifies the permission bits for the emptyDir directory, in numeric notation (e.g., 0755, 01777). Must be a value between 0000 and 01777. If not specified, defaults to 0777. This might be in conflict with other options that affect the file mode, like fsGroup. If fsGroup is specified, the fsGroup permissions will override the mode specified here. This field has no effect on Windows. This field is alpha and requires EmptyDirVolumeMode featuregate to be enabled.",
  }),
}, {
  doc:
    "Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.",
});
/** Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling. */
export type EmptyDirVolumeSource = TypeOf<typeof emptyDirVolumeSourceSchema>;

/** Represents a Persistent Disk resource in Google Compute Engine. */
export const gcePersistentDiskVolumeSourceSchema = obj(
  "io.k8s.api.core.v1.GCEPersistentDiskVolumeSource",
  {
    pdName: field(str(), {
      proto: 1,
      doc:
        "pdName is unique name of the PD resource in GCE. Used to identify the disk in GCE. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk",
      required: true,
      default: "",
    }),
    fsType: field(str(), {
      proto: 2,
      doc:
        'fsType is filesystem type of the volume that you want to mount. Tip: Ensure that the filesystem type is supported by the host operating system. Examples: "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk',
    }),
    partition: field(int32(), {
      proto: 3,
      doc:
        'partition is the partition in the volume that you want to mount. If omitted, the default is to mount by volume name. Examples: For volume /dev/sda1, you specify the partition as "1". Similarly, the volume partition for /dev/sda is "0" (or you can leave the property empty). More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk',
    }),
    readOnly: field(bool(), {
      proto: 4,
      doc:
        "readOnly here will force the ReadOnly setting in VolumeMounts. Defaults to false. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk",
    }),
  },
  {
    doc:
      "Represents a Persistent Disk resource in Google Compute Engine.\n\nA GCE PD must exist before mounting to a container. The disk must also be in the same GCE project and zone as the kubelet. A GCE PD can only be mounted as read/write once or read-only many times. GCE PDs support ownership management and SELinux relabeling.",
  },
);
/** Represents a Persistent Disk resource in Google Compute Engine. */
export type GCEPersistentDiskVolumeSource = TypeOf<typeof gcePersistentDiskVolumeSourceSchema>;

/** Represents a Persistent Disk resource in AWS. */
export const awsElasticBlockStoreVolumeSourceSchema = obj(
  "io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource",
  {
    volumeID: field(str(), {
      proto: 1,
      doc:
        "volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume). More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore",
      required: true,
      default: "",
    }),
    fsType: field(str(), {
      proto: 2,
      doc:
        'fsType is the filesystem type of the volume that you want to mount. Tip: Ensure that the filesystem type is supported by the host operating system. Examples: "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified. More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore',
    }),
    partition: field(int32(), {
      proto: 3,
      doc:
        'partition is the partition in the volume that you want to mount. If omitted, the default is to mount by volume name. Examples: For volume /dev/sda1, you specify the partition as "1". Similarly, the volume partition for /dev/sda is "0" (or you can leave the property empty).',
    }),
    readOnly: field(bool(), {
      proto: 4,
      doc:
        "readOnly value true will force the readOnly setting in VolumeMounts. More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore",
    }),
  },
  {
    doc:
      "Represents a Persistent Disk resource in AWS.\n\nAn AWS EBS disk must exist before mounting to a container. The disk must also be in the same AWS zone as the kubelet. An AWS EBS disk can only be mounted as read/write once. AWS EBS volumes support ownership management and SELinux relabeling.",
  },
);
/** Represents a Persistent Disk resource in AWS. */
export type AWSElasticBlockStoreVolumeSource = TypeOf<
  typeof awsElasticBlockStoreVolumeSourceSchema
>;

/** Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling. */
export const gitRepoVolumeSourceSchema = obj("io.k8s.api.core.v1.GitRepoVolumeSource", {
  repository: field(str(), { proto: 1, doc: "repository is the URL", required: true, default: "" }),
  revision: field(str(), {
    proto: 2,
    doc: "revision is the commit hash for the specified revision.",
  }),
  directory: field(str(), {
    proto: 3,
    doc:
      "directory is the target directory name. Must not contain or start with '..'.  If '.' is supplied, the volume directory will be the git repository.  Otherwise, if specified, the volume will contain the git repository in the subdirectory with the given name.",
  }),
}, {
  doc:
    "Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling.\n\nDEPRECATED: GitRepo is deprecated. To provision a container with a git repo, mount an EmptyDir into an InitContainer that clones the repo using git, then mount the EmptyDir into the Pod's container.",
});
/** Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling. */
export type GitRepoVolumeSource = TypeOf<typeof gitRepoVolumeSourceSchema>;

/** Maps a string key to a path within a volume. */
export const keyToPathSchema = obj("io.k8s.api.core.v1.KeyToPath", {
  key: field(str(), { proto: 1, doc: "key is the key to project.", required: true, default: "" }),
  path: field(str(), {
    proto: 2,
    doc:
      "path is the relative path of the file to map the key to. May not be an absolute path. May not contain the path element '..'. May not start with the string '..'.",
    required: true,
    default: "",
  }),
  mode: field(int32(), {
    proto: 3,
    doc:
      "mode is Optional: mode bits used to set permissions on this file. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. If not specified, the volume defaultMode will be used. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
  }),
  user: field(int64(), {
    proto: 4,
    doc:
      "user is Optional: The owner UID of the created file. If specified, the item-level user field takes precedence over defaultUser. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, { doc: "Maps a string key to a path within a volume." });
/** Maps a string key to a path within a volume. */
export type KeyToPath = TypeOf<typeof keyToPathSchema>;

/** Adapts a Secret into a volume. */
export const secretVolumeSourceSchema = obj("io.k8s.api.core.v1.SecretVolumeSource", {
  secretName: field(str(), {
    proto: 1,
    doc:
      "secretName is the name of the secret in the pod's namespace to use. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret",
  }),
  items: field(arr(keyToPathSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the Secret, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the '..' path or start with '..'.",
  }),
  defaultMode: field(int32(), {
    proto: 3,
    doc:
      "defaultMode is Optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. Defaults to 0644. Directories within the path are not affected by this setting. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
    default: 420,
  }),
  optional: field(bool(), {
    proto: 4,
    doc: "optional field specify whether the Secret or its keys must be defined",
  }),
  defaultUser: field(int64(), {
    proto: 5,
    doc:
      "defaultUser is Optional: The owner UID of the created files by default. The defaultUser field is only used as a fallback when the item-level user field is unset. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, {
  doc:
    "Adapts a Secret into a volume.\n\nThe contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names. Secret volumes support ownership management and SELinux relabeling.",
});
/** Adapts a Secret into a volume. */
export type SecretVolumeSource = TypeOf<typeof secretVolumeSourceSchema>;

/** Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling. */
export const nfsVolumeSourceSchema = obj("io.k8s.api.core.v1.NFSVolumeSource", {
  server: field(str(), {
    proto: 1,
    doc:
      "server is the hostname or IP address of the NFS server. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
    required: true,
    default: "",
  }),
  path: field(str(), {
    proto: 2,
    doc:
      "path that is exported by the NFS server. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly here will force the NFS export to be mounted with read-only permissions. Defaults to false. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
  }),
}, {
  doc:
    "Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling.",
});
/** Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling. */
export type NFSVolumeSource = TypeOf<typeof nfsVolumeSourceSchema>;

/** Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling. */
export const iscsiVolumeSourceSchema = obj("io.k8s.api.core.v1.ISCSIVolumeSource", {
  targetPortal: field(str(), {
    proto: 1,
    doc:
      "targetPortal is iSCSI Target Portal. The Portal is either an IP or ip_addr:port if the port is other than default (typically TCP ports 860 and 3260).",
    required: true,
    default: "",
  }),
  iqn: field(str(), {
    proto: 2,
    doc: "iqn is the target iSCSI Qualified Name.",
    required: true,
    default: "",
  }),
  lun: field(int32(), {
    proto: 3,
    doc: "lun represents iSCSI Target Lun number.",
    required: true,
    default: 0,
  }),
  iscsiInterface: field(str(), {
    proto: 4,
    doc:
      "iscsiInterface is the interface Name that uses an iSCSI transport. Defaults to 'default' (tcp).",
    default: "default",
    zeroIsUnset: true,
  }),
  fsType: field(str(), {
    proto: 5,
    doc:
      'fsType is the filesystem type of the volume that you want to mount. Tip: Ensure that the filesystem type is supported by the host operating system. Examples: "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified. More info: https://kubernetes.io/docs/concepts/storage/volumes#iscsi',
  }),
  readOnly: field(bool(), {
    proto: 6,
    doc: "readOnly here will force the ReadOnly setting in VolumeMounts. Defaults to false.",
  }),
  portals: field(arr(str(), { listType: "atomic" }), {
    proto: 7,
    doc:
      "portals is the iSCSI Target Portal List. The portal is either an IP or ip_addr:port if the port is other than default (typically TCP ports 860 and 3260).",
  }),
  chapAuthDiscovery: field(bool(), {
    proto: 8,
    doc: "chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication",
  }),
  chapAuthSession: field(bool(), {
    proto: 11,
    doc: "chapAuthSession defines whether support iSCSI Session CHAP authentication",
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 10,
    doc: "secretRef is the CHAP Secret for iSCSI target and initiator authentication",
  }),
  initiatorName: field(str(), {
    proto: 12,
    doc:
      "initiatorName is the custom iSCSI Initiator Name. If initiatorName is specified with iscsiInterface simultaneously, new iSCSI interface <target portal>:<volume name> will be created for the connection.",
  }),
}, {
  doc:
    "Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling.",
});
/** Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling. */
export type ISCSIVolumeSource = TypeOf<typeof iscsiVolumeSourceSchema>;

/** Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling. */
export const glusterfsVolumeSourceSchema = obj("io.k8s.api.core.v1.GlusterfsVolumeSource", {
  endpoints: field(str(), {
    proto: 1,
    doc: "endpoints is the endpoint name that details Glusterfs topology.",
    required: true,
    default: "",
  }),
  path: field(str(), {
    proto: 2,
    doc:
      "path is the Glusterfs volume path. More info: https://examples.k8s.io/volumes/glusterfs/README.md#create-a-pod",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly here will force the Glusterfs volume to be mounted with read-only permissions. Defaults to false. More info: https://examples.k8s.io/volumes/glusterfs/README.md#create-a-pod",
  }),
}, {
  doc:
    "Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling.",
});
/** Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling. */
export type GlusterfsVolumeSource = TypeOf<typeof glusterfsVolumeSourceSchema>;

/** PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around another type of volume that is owned by someone else (the system). */
export const persistentVolumeClaimVolumeSourceSchema = obj(
  "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource",
  {
    claimName: field(str(), {
      proto: 1,
      doc:
        "claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
      required: true,
      default: "",
    }),
    readOnly: field(bool(), {
      proto: 2,
      doc: "readOnly Will force the ReadOnly setting in VolumeMounts. Default false.",
    }),
  },
  {
    doc:
      "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around another type of volume that is owned by someone else (the system).",
  },
);
/** PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around another type of volume that is owned by someone else (the system). */
export type PersistentVolumeClaimVolumeSource = TypeOf<
  typeof persistentVolumeClaimVolumeSourceSchema
>;

/** Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling. */
export const rbdVolumeSourceSchema = obj("io.k8s.api.core.v1.RBDVolumeSource", {
  monitors: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "monitors is a collection of Ceph monitors. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    required: true,
  }),
  image: field(str(), {
    proto: 2,
    doc:
      "image is the rados image name. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    required: true,
    default: "",
  }),
  fsType: field(str(), {
    proto: 3,
    doc:
      'fsType is the filesystem type of the volume that you want to mount. Tip: Ensure that the filesystem type is supported by the host operating system. Examples: "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified. More info: https://kubernetes.io/docs/concepts/storage/volumes#rbd',
  }),
  pool: field(str(), {
    proto: 4,
    doc:
      "pool is the rados pool name. Default is rbd. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    default: "rbd",
    zeroIsUnset: true,
  }),
  user: field(str(), {
    proto: 5,
    doc:
      "user is the rados user name. Default is admin. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    default: "admin",
    zeroIsUnset: true,
  }),
  keyring: field(str(), {
    proto: 6,
    doc:
      "keyring is the path to key ring for RBDUser. Default is /etc/ceph/keyring. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    default: "/etc/ceph/keyring",
    zeroIsUnset: true,
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 7,
    doc:
      "secretRef is name of the authentication secret for RBDUser. If provided overrides keyring. Default is nil. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
  }),
  readOnly: field(bool(), {
    proto: 8,
    doc:
      "readOnly here will force the ReadOnly setting in VolumeMounts. Defaults to false. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
  }),
}, {
  doc:
    "Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling.",
});
/** Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling. */
export type RBDVolumeSource = TypeOf<typeof rbdVolumeSourceSchema>;

/** FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin. */
export const flexVolumeSourceSchema = obj("io.k8s.api.core.v1.FlexVolumeSource", {
  driver: field(str(), {
    proto: 1,
    doc: "driver is the name of the driver to use for this volume.",
    required: true,
    default: "",
  }),
  fsType: field(str(), {
    proto: 2,
    doc:
      'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". The default filesystem depends on FlexVolume script.',
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 3,
    doc:
      "secretRef is Optional: secretRef is reference to the secret object containing sensitive information to pass to the plugin scripts. This may be empty if no secret object is specified. If the secret object contains more than one secret, all secrets are passed to the plugin scripts.",
  }),
  readOnly: field(bool(), {
    proto: 4,
    doc:
      "readOnly is Optional: defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
  options: field(map(str()), {
    proto: 5,
    doc: "options is Optional: this field holds extra command options if any.",
  }),
}, {
  doc:
    "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.",
});
/** FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin. */
export type FlexVolumeSource = TypeOf<typeof flexVolumeSourceSchema>;

/** Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet. Cinder volumes support ownership management and SELinux relabeling. */
export const cinderVolumeSourceSchema = obj("io.k8s.api.core.v1.CinderVolumeSource", {
  volumeID: field(str(), {
    proto: 1,
    doc:
      "volumeID used to identify the volume in cinder. More info: https://examples.k8s.io/mysql-cinder-pd/README.md",
    required: true,
    default: "",
  }),
  fsType: field(str(), {
    proto: 2,
    doc:
      'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Examples: "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified. More info: https://examples.k8s.io/mysql-cinder-pd/README.md',
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts. More info: https://examples.k8s.io/mysql-cinder-pd/README.md",
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 4,
    doc:
      "secretRef is optional: points to a secret object containing parameters used to connect to OpenStack.",
  }),
}, {
  doc:
    "Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet. Cinder volumes support ownership management and SELinux relabeling.",
});
/** Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet. Cinder volumes support ownership management and SELinux relabeling. */
export type CinderVolumeSource = TypeOf<typeof cinderVolumeSourceSchema>;

/** Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling. */
export const cephFSVolumeSourceSchema = obj("io.k8s.api.core.v1.CephFSVolumeSource", {
  monitors: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "monitors is Required: Monitors is a collection of Ceph monitors More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
    required: true,
  }),
  path: field(str(), {
    proto: 2,
    doc: "path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /",
  }),
  user: field(str(), {
    proto: 3,
    doc:
      "user is optional: User is the rados user name, default is admin More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
  }),
  secretFile: field(str(), {
    proto: 4,
    doc:
      "secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 5,
    doc:
      "secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty. More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
  }),
  readOnly: field(bool(), {
    proto: 6,
    doc:
      "readOnly is Optional: Defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts. More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
  }),
}, {
  doc:
    "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.",
});
/** Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling. */
export type CephFSVolumeSource = TypeOf<typeof cephFSVolumeSourceSchema>;

/** Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling. */
export const flockerVolumeSourceSchema = obj("io.k8s.api.core.v1.FlockerVolumeSource", {
  datasetName: field(str(), {
    proto: 1,
    doc:
      "datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated",
  }),
  datasetUUID: field(str(), {
    proto: 2,
    doc: "datasetUUID is the UUID of the dataset. This is unique identifier of a Flocker dataset",
  }),
}, {
  doc:
    "Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling.",
});
/** Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling. */
export type FlockerVolumeSource = TypeOf<typeof flockerVolumeSourceSchema>;

/** ObjectFieldSelector selects an APIVersioned field of an object. */
export const objectFieldSelectorSchema = obj("io.k8s.api.core.v1.ObjectFieldSelector", {
  apiVersion: field(str(), {
    proto: 1,
    doc: 'Version of the schema the FieldPath is written in terms of, defaults to "v1".',
    default: "v1",
    zeroIsUnset: true,
  }),
  fieldPath: field(str(), {
    proto: 2,
    doc: "Path of the field to select in the specified API version.",
    required: true,
    default: "",
  }),
}, { doc: "ObjectFieldSelector selects an APIVersioned field of an object.", mapType: "atomic" });
/** ObjectFieldSelector selects an APIVersioned field of an object. */
export type ObjectFieldSelector = TypeOf<typeof objectFieldSelectorSchema>;

/** ResourceFieldSelector represents container resources (cpu, memory) and their output format */
export const resourceFieldSelectorSchema = obj("io.k8s.api.core.v1.ResourceFieldSelector", {
  containerName: field(str(), {
    proto: 1,
    doc: "Container name: required for volumes, optional for env vars",
  }),
  resource: field(str(), {
    proto: 2,
    doc: "Required: resource to select",
    required: true,
    default: "",
  }),
  divisor: field(quantity(), {
    proto: 3,
    doc: 'Specifies the output format of the exposed resources, defaults to "1"',
  }),
}, {
  doc: "ResourceFieldSelector represents container resources (cpu, memory) and their output format",
  mapType: "atomic",
});
/** ResourceFieldSelector represents container resources (cpu, memory) and their output format */
export type ResourceFieldSelector = TypeOf<typeof resourceFieldSelectorSchema>;

/** DownwardAPIVolumeFile represents information to create the file containing the pod field */
export const downwardAPIVolumeFileSchema = obj("io.k8s.api.core.v1.DownwardAPIVolumeFile", {
  path: field(str(), {
    proto: 1,
    doc:
      "Required: Path is  the relative path name of the file to be created. Must not be absolute or contain the '..' path. Must be utf-8 encoded. The first item of the relative path must not start with '..'",
    required: true,
    default: "",
  }),
  fieldRef: field(objectFieldSelectorSchema, {
    proto: 2,
    doc:
      "Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.",
  }),
  resourceFieldRef: field(resourceFieldSelectorSchema, {
    proto: 3,
    doc:
      "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.",
  }),
  mode: field(int32(), {
    proto: 4,
    doc:
      "Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. If not specified, the volume defaultMode will be used. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
  }),
  user: field(int64(), {
    proto: 5,
    doc:
      "user is Optional: The owner UID of the created file. If specified, the item-level user field takes precedence over defaultUser. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, {
  doc: "DownwardAPIVolumeFile represents information to create the file containing the pod field",
});
/** DownwardAPIVolumeFile represents information to create the file containing the pod field */
export type DownwardAPIVolumeFile = TypeOf<typeof downwardAPIVolumeFileSchema>;

/** DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling. */
export const downwardAPIVolumeSourceSchema = obj("io.k8s.api.core.v1.DownwardAPIVolumeSource", {
  items: field(arr(downwardAPIVolumeFileSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "Items is a list of downward API volume file",
  }),
  defaultMode: field(int32(), {
    proto: 2,
    doc:
      "Optional: mode bits to use on created files by default. Must be a Optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. Defaults to 0644. Directories within the path are not affected by this setting. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
    default: 420,
  }),
  defaultUser: field(int64(), {
    proto: 3,
    doc:
      "defaultUser is Optional: The owner UID of the created files by default. The defaultUser field is only used as a fallback when the item-level user field is unset. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, {
  doc:
    "DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling.",
});
/** DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling. */
export type DownwardAPIVolumeSource = TypeOf<typeof downwardAPIVolumeSourceSchema>;

/** Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling. */
export const fcVolumeSourceSchema = obj("io.k8s.api.core.v1.FCVolumeSource", {
  targetWWNs: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc: "targetWWNs is Optional: FC target worldwide names (WWNs)",
  }),
  lun: field(int32(), { proto: 2, doc: "lun is Optional: FC target lun number" }),
  fsType: field(str(), {
    proto: 3,
    doc:
      'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified.',
  }),
  readOnly: field(bool(), {
    proto: 4,
    doc:
      "readOnly is Optional: Defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
  wwids: field(arr(str(), { listType: "atomic" }), {
    proto: 5,
    doc:
      "wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.",
  }),
}, {
  doc:
    "Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling.",
});
/** Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling. */
export type FCVolumeSource = TypeOf<typeof fcVolumeSourceSchema>;

/** AzureFile represents an Azure File Service mount on the host and bind mount to the pod. */
export const azureFileVolumeSourceSchema = obj("io.k8s.api.core.v1.AzureFileVolumeSource", {
  secretName: field(str(), {
    proto: 1,
    doc: "secretName is the  name of secret that contains Azure Storage Account Name and Key",
    required: true,
    default: "",
  }),
  shareName: field(str(), {
    proto: 2,
    doc: "shareName is the azure share Name",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
}, {
  doc: "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
});
/** AzureFile represents an Azure File Service mount on the host and bind mount to the pod. */
export type AzureFileVolumeSource = TypeOf<typeof azureFileVolumeSourceSchema>;

/** Adapts a ConfigMap into a volume. */
export const configMapVolumeSourceSchema = obj("io.k8s.api.core.v1.ConfigMapVolumeSource", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  items: field(arr(keyToPathSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the ConfigMap, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the '..' path or start with '..'.",
  }),
  defaultMode: field(int32(), {
    proto: 3,
    doc:
      "defaultMode is optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. Defaults to 0644. Directories within the path are not affected by this setting. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
    default: 420,
  }),
  optional: field(bool(), {
    proto: 4,
    doc: "optional specify whether the ConfigMap or its keys must be defined",
  }),
  defaultUser: field(int64(), {
    proto: 5,
    doc:
      "defaultUser is Optional: The owner UID of the created files by default. The defaultUser field is only used as a fallback when the item-level user field is unset. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, {
  doc:
    "Adapts a ConfigMap into a volume.\n\nThe contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths. ConfigMap volumes support ownership management and SELinux relabeling.",
});
/** Adapts a ConfigMap into a volume. */
export type ConfigMapVolumeSource = TypeOf<typeof configMapVolumeSourceSchema>;

/** Represents a vSphere volume resource. */
export const vsphereVirtualDiskVolumeSourceSchema = obj(
  "io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource",
  {
    volumePath: field(str(), {
      proto: 1,
      doc: "volumePath is the path that identifies vSphere volume vmdk",
      required: true,
      default: "",
    }),
    fsType: field(str(), {
      proto: 2,
      doc:
        'fsType is filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified.',
    }),
    storagePolicyName: field(str(), {
      proto: 3,
      doc: "storagePolicyName is the storage Policy Based Management (SPBM) profile name.",
    }),
    storagePolicyID: field(str(), {
      proto: 4,
      doc:
        "storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.",
    }),
  },
  { doc: "Represents a vSphere volume resource." },
);
/** Represents a vSphere volume resource. */
export type VsphereVirtualDiskVolumeSource = TypeOf<typeof vsphereVirtualDiskVolumeSourceSchema>;

/** Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling. */
export const quobyteVolumeSourceSchema = obj("io.k8s.api.core.v1.QuobyteVolumeSource", {
  registry: field(str(), {
    proto: 1,
    doc:
      "registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes",
    required: true,
    default: "",
  }),
  volume: field(str(), {
    proto: 2,
    doc: "volume is a string that references an already created Quobyte volume by name.",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly here will force the Quobyte volume to be mounted with read-only permissions. Defaults to false.",
  }),
  user: field(str(), {
    proto: 4,
    doc: "user to map volume access to Defaults to serivceaccount user",
  }),
  group: field(str(), { proto: 5, doc: "group to map volume access to Default is no group" }),
  tenant: field(str(), {
    proto: 6,
    doc:
      "tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin",
  }),
}, {
  doc:
    "Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling.",
});
/** Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling. */
export type QuobyteVolumeSource = TypeOf<typeof quobyteVolumeSourceSchema>;

/** The values of the Go enum `v1.AzureDataDiskCachingMode`. */
export const azureDataDiskCachingModeSchema = enumOf(
  ["None", "ReadOnly", "ReadWrite"],
  "v1.AzureDataDiskCachingMode",
);
/** One of the values of the Go enum `v1.AzureDataDiskCachingMode`. */
export type AzureDataDiskCachingMode = TypeOf<typeof azureDataDiskCachingModeSchema>;

/** The values of the Go enum `v1.AzureDataDiskKind`. */
export const azureDataDiskKindSchema = enumOf(
  ["Shared", "Dedicated", "Managed"],
  "v1.AzureDataDiskKind",
);
/** One of the values of the Go enum `v1.AzureDataDiskKind`. */
export type AzureDataDiskKind = TypeOf<typeof azureDataDiskKindSchema>;

/** AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod. */
export const azureDiskVolumeSourceSchema = obj("io.k8s.api.core.v1.AzureDiskVolumeSource", {
  diskName: field(str(), {
    proto: 1,
    doc: "diskName is the Name of the data disk in the blob storage",
    required: true,
    default: "",
  }),
  diskURI: field(str(), {
    proto: 2,
    doc: "diskURI is the URI of data disk in the blob storage",
    required: true,
    default: "",
  }),
  cachingMode: field(azureDataDiskCachingModeSchema, {
    proto: 3,
    doc: "cachingMode is the Host Caching mode: None, Read Only, Read Write.",
    default: "ReadWrite",
  }),
  fsType: field(str(), {
    proto: 4,
    doc:
      'fsType is Filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified.',
    default: "ext4",
  }),
  readOnly: field(bool(), {
    proto: 5,
    doc:
      "readOnly Defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
    default: false,
  }),
  kind: field(azureDataDiskKindSchema, {
    proto: 6,
    doc:
      "kind expected values are Shared: multiple blob disks per storage account  Dedicated: single blob disk per storage account  Managed: azure managed data disk (only in managed availability set). defaults to shared",
    default: "Shared",
  }),
}, { doc: "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod." });
/** AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod. */
export type AzureDiskVolumeSource = TypeOf<typeof azureDiskVolumeSourceSchema>;

/** Represents a Photon Controller persistent disk resource. */
export const photonPersistentDiskVolumeSourceSchema = obj(
  "io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource",
  {
    pdID: field(str(), {
      proto: 1,
      doc: "pdID is the ID that identifies Photon Controller persistent disk",
      required: true,
      default: "",
    }),
    fsType: field(str(), {
      proto: 2,
      doc:
        'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified.',
    }),
  },
  { doc: "Represents a Photon Controller persistent disk resource." },
);
/** Represents a Photon Controller persistent disk resource. */
export type PhotonPersistentDiskVolumeSource = TypeOf<
  typeof photonPersistentDiskVolumeSourceSchema
>;

/** Adapts a secret into a projected volume. */
export const secretProjectionSchema = obj("io.k8s.api.core.v1.SecretProjection", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  items: field(arr(keyToPathSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the Secret, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the '..' path or start with '..'.",
  }),
  optional: field(bool(), {
    proto: 4,
    doc: "optional field specify whether the Secret or its key must be defined",
  }),
}, {
  doc:
    "Adapts a secret into a projected volume.\n\nThe contents of the target Secret's Data field will be presented in a projected volume as files using the keys in the Data field as the file names. Note that this is identical to a secret volume source without the default mode.",
});
/** Adapts a secret into a projected volume. */
export type SecretProjection = TypeOf<typeof secretProjectionSchema>;

/** Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode. */
export const downwardAPIProjectionSchema = obj("io.k8s.api.core.v1.DownwardAPIProjection", {
  items: field(arr(downwardAPIVolumeFileSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "Items is a list of DownwardAPIVolume file",
  }),
}, {
  doc:
    "Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode.",
});
/** Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode. */
export type DownwardAPIProjection = TypeOf<typeof downwardAPIProjectionSchema>;

/** Adapts a ConfigMap into a projected volume. */
export const configMapProjectionSchema = obj("io.k8s.api.core.v1.ConfigMapProjection", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  items: field(arr(keyToPathSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the ConfigMap, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the '..' path or start with '..'.",
  }),
  optional: field(bool(), {
    proto: 4,
    doc: "optional specify whether the ConfigMap or its keys must be defined",
  }),
}, {
  doc:
    "Adapts a ConfigMap into a projected volume.\n\nThe contents of the target ConfigMap's Data field will be presented in a projected volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths. Note that this is identical to a configmap volume source without the default mode.",
});
/** Adapts a ConfigMap into a projected volume. */
export type ConfigMapProjection = TypeOf<typeof configMapProjectionSchema>;

/** ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise). */
export const serviceAccountTokenProjectionSchema = obj(
  "io.k8s.api.core.v1.ServiceAccountTokenProjection",
  {
    audience: field(str(), {
      proto: 1,
      doc:
        "audience is the intended audience of the token. A recipient of a token must identify itself with an identifier specified in the audience of the token, and otherwise should reject the token. The audience defaults to the identifier of the apiserver.",
    }),
    expirationSeconds: field(int64(), {
      proto: 2,
      doc:
        "expirationSeconds is the requested duration of validity of the service account token. As the token approaches expiration, the kubelet volume plugin will proactively rotate the service account token. The kubelet will start trying to rotate the token if the token is older than 80 percent of its time to live or if the token is older than 24 hours.Defaults to 1 hour and must be at least 10 minutes.",
      default: 3600,
    }),
    path: field(str(), {
      proto: 3,
      doc: "path is the path relative to the mount point of the file to project the token into.",
      required: true,
      default: "",
    }),
    user: field(int64(), {
      proto: 4,
      doc:
        "user is Optional: The owner UID of the created file. If specified, the item-level user field takes precedence over defaultUser. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
    }),
  },
  {
    doc:
      "ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise).",
  },
);
/** ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise). */
export type ServiceAccountTokenProjection = TypeOf<typeof serviceAccountTokenProjectionSchema>;

/** ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem. */
export const clusterTrustBundleProjectionSchema = obj(
  "io.k8s.api.core.v1.ClusterTrustBundleProjection",
  {
    name: field(str(), {
      proto: 1,
      doc:
        "Select a single ClusterTrustBundle by object name.  Mutually-exclusive with signerName and labelSelector.",
    }),
    signerName: field(str(), {
      proto: 2,
      doc:
        "Select all ClusterTrustBundles that match this signer name. Mutually-exclusive with name.  The contents of all selected ClusterTrustBundles will be unified and deduplicated.",
    }),
    labelSelector: field(labelSelectorSchema, {
      proto: 3,
      doc:
        'Select all ClusterTrustBundles that match this label selector.  Only has effect if signerName is set.  Mutually-exclusive with name.  If unset, interpreted as "match nothing".  If set but empty, interpreted as "match everything".',
    }),
    optional: field(bool(), {
      proto: 5,
      doc:
        "If true, don't block pod startup if the referenced ClusterTrustBundle(s) aren't available.  If using name, then the named ClusterTrustBundle is allowed not to exist.  If using signerName, then the combination of signerName and labelSelector is allowed to match zero ClusterTrustBundles.",
    }),
    path: field(str(), {
      proto: 4,
      doc: "Relative path from the volume root to write the bundle.",
      required: true,
      default: "",
    }),
    user: field(int64(), {
      proto: 6,
      doc:
        "user is Optional: The owner UID of the created file. If specified, the item-level user field takes precedence over defaultUser. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
    }),
  },
  {
    doc:
      "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.",
  },
);
/** ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem. */
export type ClusterTrustBundleProjection = TypeOf<typeof clusterTrustBundleProjectionSchema>;

/** PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem. */
export const podCertificateProjectionSchema = obj("io.k8s.api.core.v1.PodCertificateProjection", {
  signerName: field(str(), {
    proto: 1,
    doc: "Kubelet's generated CSRs will be addressed to this signer.",
  }),
  keyType: field(str(), {
    proto: 2,
    doc:
      'The type of keypair Kubelet will generate for the pod.\n\nValid values are "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", and "ED25519".',
  }),
  maxExpirationSeconds: field(int32(), {
    proto: 3,
    doc:
      "maxExpirationSeconds is the maximum lifetime permitted for the certificate.\n\nKubelet copies this value verbatim into the PodCertificateRequests it generates for this projection.\n\nIf omitted, kube-apiserver will set it to 86400(24 hours). kube-apiserver will reject values shorter than 3600 (1 hour).  The maximum allowable value is 7862400 (91 days).\n\nThe signer implementation is then free to issue a certificate with any lifetime *shorter* than MaxExpirationSeconds, but no shorter than 3600 seconds (1 hour).  This constraint is enforced by kube-apiserver. `kubernetes.io` signers will never issue certificates with a lifetime longer than 24 hours.",
  }),
  credentialBundlePath: field(str(), {
    proto: 4,
    doc:
      "Write the credential bundle at this path in the projected volume.\n\nThe credential bundle is a single file that contains multiple PEM blocks. The first PEM block is a PRIVATE KEY block, containing a PKCS#8 private key.\n\nThe remaining blocks are CERTIFICATE blocks, containing the issued certificate chain from the signer (leaf and any intermediates).\n\nUsing credentialBundlePath lets your Pod's application code make a single atomic read that retrieves a consistent key and certificate chain.  If you project them to separate files, your application code will need to additionally check that the leaf certificate was issued to the key.",
  }),
  keyPath: field(str(), {
    proto: 5,
    doc:
      "Write the key at this path in the projected volume.\n\nMost applications should use credentialBundlePath.  When using keyPath and certificateChainPath, your application needs to check that the key and leaf certificate are consistent, because it is possible to read the files mid-rotation.",
  }),
  certificateChainPath: field(str(), {
    proto: 6,
    doc:
      "Write the certificate chain at this path in the projected volume.\n\nMost applications should use credentialBundlePath.  When using keyPath and certificateChainPath, your application needs to check that the key and leaf certificate are consistent, because it is possible to read the files mid-rotation.",
  }),
  userAnnotations: field(map(str()), {
    proto: 7,
    doc:
      "userAnnotations allow pod authors to pass additional information to the signer implementation.  Kubernetes does not restrict or validate this metadata in any way.\n\nThese values are copied verbatim into the `spec.unverifiedUserAnnotations` field of the PodCertificateRequest objects that Kubelet creates.\n\nEntries are subject to the same validation as object metadata annotations, with the addition that all keys must be domain-prefixed. No restrictions are placed on values, except an overall size limitation on the entire field.\n\nSigners should document the keys and values they support. Signers should deny requests that contain keys they do not recognize.",
  }),
  user: field(int64(), {
    proto: 8,
    doc:
      "user is Optional: The owner UID of the created file. If specified, the item-level user field takes precedence over defaultUser. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, {
  doc:
    "PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem.",
});
/** PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem. */
export type PodCertificateProjection = TypeOf<typeof podCertificateProjectionSchema>;

/** Projection that may be projected along with other supported volume types. Exactly one of these fields must be set. */
export const volumeProjectionSchema = obj("io.k8s.api.core.v1.VolumeProjection", {
  secret: field(secretProjectionSchema, {
    proto: 1,
    doc: "secret information about the secret data to project",
  }),
  downwardAPI: field(downwardAPIProjectionSchema, {
    proto: 2,
    doc: "downwardAPI information about the downwardAPI data to project",
  }),
  configMap: field(configMapProjectionSchema, {
    proto: 3,
    doc: "configMap information about the configMap data to project",
  }),
  serviceAccountToken: field(serviceAccountTokenProjectionSchema, {
    proto: 4,
    doc: "serviceAccountToken is information about the serviceAccountToken data to project",
  }),
  clusterTrustBundle: field(clusterTrustBundleProjectionSchema, {
    proto: 5,
    doc:
      "ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.\n\nAlpha, gated by the ClusterTrustBundleProjection feature gate.\n\nClusterTrustBundle objects can either be selected by name, or by the combination of signer name and a label selector.\n\nKubelet performs aggressive normalization of the PEM contents written into the pod filesystem.  Esoteric PEM features such as inter-block comments and block headers are stripped.  Certificates are deduplicated. The ordering of certificates within the file is arbitrary, and Kubelet may change the order over time.",
  }),
  podCertificate: field(podCertificateProjectionSchema, {
    proto: 6,
    doc:
      "Projects an auto-rotating credential bundle (private key and certificate chain) that the pod can use either as a TLS client or server.\n\nKubelet generates a private key and uses it to send a PodCertificateRequest to the named signer.  Once the signer approves the request and issues a certificate chain, Kubelet writes the key and certificate chain to the pod filesystem.  The pod does not start until certificates have been issued for each podCertificate projected volume source in its spec.\n\nKubelet will begin trying to rotate the certificate at the time indicated by the signer using the PodCertificateRequest.Status.BeginRefreshAt timestamp.\n\nKubelet can write a single file, indicated by the credentialBundlePath field, or separate files, indicated by the keyPath and certificateChainPath fields.\n\nThe credential bundle is a single file in PEM format.  The first PEM entry is the private key (in PKCS#8 format), and the remaining PEM entries are the certificate chain issued by the signer (typically, signers will return their certificate chain in leaf-to-root order).\n\nPrefer using the credential bundle format, since your application code can read it atomically.  If you use keyPath and certificateChainPath, your application must make two separate file reads. If these coincide with a certificate rotation, it is possible that the private key and leaf certificate you read may not correspond to each other.  Your application will need to check for this condition, and re-read until they are consistent.\n\nThe named signer controls chooses the format of the certificate it issues; consult the signer implementation's documentation to learn how to use the certificates it issues.",
  }),
}, {
  doc:
    "Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.",
});
/** Projection that may be projected along with other supported volume types. Exactly one of these fields must be set. */
export type VolumeProjection = TypeOf<typeof volumeProjectionSchema>;

/** Represents a projected volume source */
export const projectedVolumeSourceSchema = obj("io.k8s.api.core.v1.ProjectedVolumeSource", {
  sources: field(arr(volumeProjectionSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "sources is the list of volume projections. Each entry in this list handles one source.",
  }),
  defaultMode: field(int32(), {
    proto: 2,
    doc:
      "defaultMode are the mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. Directories within the path are not affected by this setting. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.",
    default: 420,
  }),
  defaultUser: field(int64(), {
    proto: 3,
    doc:
      "defaultUser is Optional: The owner UID of the created files by default. The defaultUser field is only used as a fallback when the item-level user field is unset. (Alpha) This field requires the AtomicWriteVolumeUserFields feature gate to be enabled.",
  }),
}, { doc: "Represents a projected volume source" });
/** Represents a projected volume source */
export type ProjectedVolumeSource = TypeOf<typeof projectedVolumeSourceSchema>;

/** PortworxVolumeSource represents a Portworx volume resource. */
export const portworxVolumeSourceSchema = obj("io.k8s.api.core.v1.PortworxVolumeSource", {
  volumeID: field(str(), {
    proto: 1,
    doc: "volumeID uniquely identifies a Portworx volume",
    required: true,
    default: "",
  }),
  fsType: field(str(), {
    proto: 2,
    doc:
      'fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs". Implicitly inferred to be "ext4" if unspecified.',
  }),
  readOnly: field(bool(), {
    proto: 3,
    doc:
      "readOnly defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
}, { doc: "PortworxVolumeSource represents a Portworx volume resource." });
/** PortworxVolumeSource represents a Portworx volume resource. */
export type PortworxVolumeSource = TypeOf<typeof portworxVolumeSourceSchema>;

/** ScaleIOVolumeSource represents a persistent ScaleIO volume */
export const scaleIOVolumeSourceSchema = obj("io.k8s.api.core.v1.ScaleIOVolumeSource", {
  gateway: field(str(), {
    proto: 1,
    doc: "gateway is the host address of the ScaleIO API Gateway.",
    required: true,
    default: "",
  }),
  system: field(str(), {
    proto: 2,
    doc: "system is the name of the storage system as configured in ScaleIO.",
    required: true,
    default: "",
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 3,
    doc:
      "secretRef references to the secret for ScaleIO user and other sensitive information. If this is not provided, Login operation will fail.",
    required: true,
  }),
  sslEnabled: field(bool(), {
    proto: 4,
    doc: "sslEnabled Flag enable/disable SSL communication with Gateway, default false",
  }),
  protectionDomain: field(str(), {
    proto: 5,
    doc:
      "protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.",
  }),
  storagePool: field(str(), {
    proto: 6,
    doc: "storagePool is the ScaleIO Storage Pool associated with the protection domain.",
  }),
  storageMode: field(str(), {
    proto: 7,
    doc:
      "storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned. Default is ThinProvisioned.",
    default: "ThinProvisioned",
    zeroIsUnset: true,
  }),
  volumeName: field(str(), {
    proto: 8,
    doc:
      "volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.",
  }),
  fsType: field(str(), {
    proto: 9,
    doc:
      'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Default is "xfs".',
    default: "xfs",
    zeroIsUnset: true,
  }),
  readOnly: field(bool(), {
    proto: 10,
    doc:
      "readOnly Defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
}, { doc: "ScaleIOVolumeSource represents a persistent ScaleIO volume" });
/** ScaleIOVolumeSource represents a persistent ScaleIO volume */
export type ScaleIOVolumeSource = TypeOf<typeof scaleIOVolumeSourceSchema>;

/** Represents a StorageOS persistent volume resource. */
export const storageOSVolumeSourceSchema = obj("io.k8s.api.core.v1.StorageOSVolumeSource", {
  volumeName: field(str(), {
    proto: 1,
    doc:
      "volumeName is the human-readable name of the StorageOS volume.  Volume names are only unique within a namespace.",
  }),
  volumeNamespace: field(str(), {
    proto: 2,
    doc:
      'volumeNamespace specifies the scope of the volume within StorageOS.  If no namespace is specified then the Pod\'s namespace will be used.  This allows the Kubernetes name scoping to be mirrored within StorageOS for tighter integration. Set VolumeName to any name to override the default behaviour. Set to "default" if you are not using namespaces within StorageOS. Namespaces that do not pre-exist within StorageOS will be created.',
  }),
  fsType: field(str(), {
    proto: 3,
    doc:
      'fsType is the filesystem type to mount. Must be a filesystem type supported by the host operating system. Ex. "ext4", "xfs", "ntfs". Implicitly inferred to be "ext4" if unspecified.',
  }),
  readOnly: field(bool(), {
    proto: 4,
    doc:
      "readOnly defaults to false (read/write). ReadOnly here will force the ReadOnly setting in VolumeMounts.",
  }),
  secretRef: field(localObjectReferenceSchema, {
    proto: 5,
    doc:
      "secretRef specifies the secret to use for obtaining the StorageOS API credentials.  If not specified, default values will be attempted.",
  }),
}, { doc: "Represents a StorageOS persistent volume resource." });
/** Represents a StorageOS persistent volume resource. */
export type StorageOSVolumeSource = TypeOf<typeof storageOSVolumeSourceSchema>;

/** Represents a source location of a volume to mount, managed by an external CSI driver */
export const csiVolumeSourceSchema = obj("io.k8s.api.core.v1.CSIVolumeSource", {
  driver: field(str(), {
    proto: 1,
    doc:
      "driver is the name of the CSI driver that handles this volume. Consult with your admin for the correct name as registered in the cluster.",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 2,
    doc:
      "readOnly specifies a read-only configuration for the volume. Defaults to false (read/write).",
  }),
  fsType: field(str(), {
    proto: 3,
    doc:
      'fsType to mount. Ex. "ext4", "xfs", "ntfs". If not provided, the empty value is passed to the associated CSI driver which will determine the default filesystem to apply.',
  }),
  volumeAttributes: field(map(str()), {
    proto: 4,
    doc:
      "volumeAttributes stores driver-specific properties that are passed to the CSI driver. Consult your driver's documentation for supported values.",
  }),
  nodePublishSecretRef: field(localObjectReferenceSchema, {
    proto: 5,
    doc:
      "nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls. This field is optional, and  may be empty if no secret is required. If the secret object contains more than one secret, all secret references are passed.",
  }),
}, { doc: "Represents a source location of a volume to mount, managed by an external CSI driver" });
/** Represents a source location of a volume to mount, managed by an external CSI driver */
export type CSIVolumeSource = TypeOf<typeof csiVolumeSourceSchema>;

/** The values of the Go enum `v1.PersistentVolumeAccessMode`. */
export const persistentVolumeAccessModeSchema = enumOf([
  "ReadWriteOnce",
  "ReadOnlyMany",
  "ReadWriteMany",
  "ReadWriteOncePod",
], "v1.PersistentVolumeAccessMode");
/** One of the values of the Go enum `v1.PersistentVolumeAccessMode`. */
export type PersistentVolumeAccessMode = TypeOf<typeof persistentVolumeAccessModeSchema>;

/** VolumeResourceRequirements describes the storage resource requirements for a volume. */
export const volumeResourceRequirementsSchema = obj(
  "io.k8s.api.core.v1.VolumeResourceRequirements",
  {
    limits: field(map(quantity()), {
      proto: 1,
      doc:
        "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    }),
    requests: field(map(quantity()), {
      proto: 2,
      doc:
        "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    }),
  },
  { doc: "VolumeResourceRequirements describes the storage resource requirements for a volume." },
);
/** VolumeResourceRequirements describes the storage resource requirements for a volume. */
export type VolumeResourceRequirements = TypeOf<typeof volumeResourceRequirementsSchema>;

/** The values of the Go enum `v1.PersistentVolumeMode`. */
export const persistentVolumeModeSchema = enumOf(
  ["Block", "Filesystem"],
  "v1.PersistentVolumeMode",
);
/** One of the values of the Go enum `v1.PersistentVolumeMode`. */
export type PersistentVolumeMode = TypeOf<typeof persistentVolumeModeSchema>;

/** TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace. */
export const typedLocalObjectReferenceSchema = obj("io.k8s.api.core.v1.TypedLocalObjectReference", {
  apiGroup: field(str(), {
    proto: 1,
    doc:
      "APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required.",
  }),
  kind: field(str(), {
    proto: 2,
    doc: "Kind is the type of resource being referenced",
    required: true,
    default: "",
  }),
  name: field(str(), {
    proto: 3,
    doc: "Name is the name of resource being referenced",
    required: true,
    default: "",
  }),
}, {
  doc:
    "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.",
  mapType: "atomic",
});
/** TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace. */
export type TypedLocalObjectReference = TypeOf<typeof typedLocalObjectReferenceSchema>;

/** TypedObjectReference contains enough information to let you locate the typed referenced object */
export const typedObjectReferenceSchema = obj("io.k8s.api.core.v1.TypedObjectReference", {
  apiGroup: field(str(), {
    proto: 1,
    doc:
      "APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required.",
  }),
  kind: field(str(), {
    proto: 2,
    doc: "Kind is the type of resource being referenced",
    required: true,
    default: "",
  }),
  name: field(str(), {
    proto: 3,
    doc: "Name is the name of resource being referenced",
    required: true,
    default: "",
  }),
  namespace: field(str(), {
    proto: 4,
    doc:
      "Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace's owner to accept the reference. See the ReferenceGrant documentation for details. (Alpha) This field requires the CrossNamespaceVolumeDataSource feature gate to be enabled.",
  }),
}, {
  doc:
    "TypedObjectReference contains enough information to let you locate the typed referenced object",
});
/** TypedObjectReference contains enough information to let you locate the typed referenced object */
export type TypedObjectReference = TypeOf<typeof typedObjectReferenceSchema>;

/** PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes */
export const persistentVolumeClaimSpecSchema = obj("io.k8s.api.core.v1.PersistentVolumeClaimSpec", {
  accessModes: field(arr(persistentVolumeAccessModeSchema, { listType: "atomic" }), {
    proto: 1,
    doc:
      "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1",
  }),
  selector: field(labelSelectorSchema, {
    proto: 4,
    doc: "selector is a label query over volumes to consider for binding.",
  }),
  resources: field(volumeResourceRequirementsSchema, {
    proto: 2,
    doc:
      "resources represents the minimum resources the volume should have. Users are allowed to specify resource requirements that are lower than previous value but must still be higher than capacity recorded in the status field of the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources",
    default: {},
  }),
  volumeName: field(str(), {
    proto: 3,
    doc: "volumeName is the binding reference to the PersistentVolume backing this claim.",
  }),
  storageClassName: field(str(), {
    proto: 5,
    doc:
      "storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1",
  }),
  volumeMode: field(persistentVolumeModeSchema, {
    proto: 6,
    doc:
      "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.",
    default: "Filesystem",
  }),
  dataSource: field(typedLocalObjectReferenceSchema, {
    proto: 7,
    doc:
      "dataSource field can be used to specify either: * An existing VolumeSnapshot object (snapshot.storage.k8s.io/VolumeSnapshot) * An existing PVC (PersistentVolumeClaim) If the provisioner or an external controller can support the specified data source, it will create a new volume based on the contents of the specified data source. dataSource contents will be copied to dataSourceRef, and dataSourceRef contents will be copied to dataSource when dataSourceRef.namespace is not specified. If the namespace is specified, then dataSourceRef will not be copied to dataSource.",
  }),
  dataSourceRef: field(typedObjectReferenceSchema, {
    proto: 8,
    doc:
      "dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired. This may be any object from a non-empty API group (non core object) or a PersistentVolumeClaim object. When this field is specified, volume binding will only succeed if the type of the specified object matches some installed volume populator or dynamic provisioner. This field will replace the functionality of the dataSource field and as such if both fields are non-empty, they must have the same value. For backwards compatibility, when namespace isn't specified in dataSourceRef, both fields (dataSource and dataSourceRef) will be set to the same value automatically if one of them is empty and the other is non-empty. When namespace is specified in dataSourceRef, dataSource isn't set to the same value and must be empty. There are three important differences between dataSource and dataSourceRef: * While dataSource only allows two specific types of objects, dataSourceRef\n  allows any non-core object, as well as PersistentVolumeClaim objects.\n* While dataSource ignores disallowed values (dropping them), dataSourceRef\n  preserves all values, and generates an error if a disallowed value is\n  specified.\n* While dataSource only allows local objects, dataSourceRef allows objects\n  in any namespaces.\n(Alpha) Using the namespace field of dataSourceRef requires the CrossNamespaceVolumeDataSource feature gate to be enabled.",
  }),
  volumeAttributesClassName: field(str(), {
    proto: 9,
    doc:
      "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim. If specified, the CSI driver will create or update the volume with the attributes defined in the corresponding VolumeAttributesClass. This has a different purpose than storageClassName, it can be changed after the claim is created. An empty string or nil value indicates that no VolumeAttributesClass will be applied to the claim. If the claim enters an Infeasible error state, this field can be reset to its previous value (including nil) to cancel the modification. If the resource referred to by volumeAttributesClass does not exist, this PersistentVolumeClaim will be set to a Pending state, as reflected by the modifyVolumeStatus field, until such as a resource exists. More info: https://kubernetes.io/docs/concepts/storage/volume-attributes-classes/",
  }),
}, {
  doc:
    "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
});
/** PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes */
export type PersistentVolumeClaimSpec = TypeOf<typeof persistentVolumeClaimSpecSchema>;

/** PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource. */
export const persistentVolumeClaimTemplateSchema = obj(
  "io.k8s.api.core.v1.PersistentVolumeClaimTemplate",
  {
    metadata: field(objectMetaSchema, {
      proto: 1,
      doc:
        "May contain labels and annotations that will be copied into the PVC when creating it. No other fields are allowed and will be rejected during validation.",
      default: {},
    }),
    spec: field(persistentVolumeClaimSpecSchema, {
      proto: 2,
      doc:
        "The specification for the PersistentVolumeClaim. The entire content is copied unchanged into the PVC that gets created from this template. The same fields as in a PersistentVolumeClaim are also valid here.",
      required: true,
      default: {},
    }),
  },
  {
    doc:
      "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.",
  },
);
/** PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource. */
export type PersistentVolumeClaimTemplate = TypeOf<typeof persistentVolumeClaimTemplateSchema>;

/** Represents an ephemeral volume that is handled by a normal storage driver. */
export const ephemeralVolumeSourceSchema = obj("io.k8s.api.core.v1.EphemeralVolumeSource", {
  volumeClaimTemplate: field(persistentVolumeClaimTemplateSchema, {
    proto: 1,
    doc:
      "Will be used to create a stand-alone PVC to provision the volume. The pod in which this EphemeralVolumeSource is embedded will be the owner of the PVC, i.e. the PVC will be deleted together with the pod.  The name of the PVC will be `<pod name>-<volume name>` where `<volume name>` is the name from the `PodSpec.Volumes` array entry. Pod validation will reject the pod if the concatenated name is not valid for a PVC (for example, too long).\n\nAn existing PVC with that name that is not owned by the pod will *not* be used for the pod to avoid using an unrelated volume by mistake. Starting the pod is then blocked until the unrelated PVC is removed. If such a pre-created PVC is meant to be used by the pod, the PVC has to updated with an owner reference to the pod once the pod exists. Normally this should not be necessary, but it may be useful when manually reconstructing a broken cluster.\n\nThis field is read-only and no changes will be made by Kubernetes to the PVC after it has been created.\n\nRequired, must not be nil.",
  }),
}, { doc: "Represents an ephemeral volume that is handled by a normal storage driver." });
/** Represents an ephemeral volume that is handled by a normal storage driver. */
export type EphemeralVolumeSource = TypeOf<typeof ephemeralVolumeSourceSchema>;

/** The values of the Go enum `v1.PullPolicy`. */
export const pullPolicySchema = enumOf(["Always", "Never", "IfNotPresent"], "v1.PullPolicy");
/** One of the values of the Go enum `v1.PullPolicy`. */
export type PullPolicy = TypeOf<typeof pullPolicySchema>;

/** ImageVolumeSource represents a image volume resource. */
export const imageVolumeSourceSchema = obj("io.k8s.api.core.v1.ImageVolumeSource", {
  reference: field(str(), {
    proto: 1,
    doc:
      "Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image. Pull secrets will be assembled in the same way as for the container image by looking up node credentials, SA image pull secrets, and pod spec image pull secrets. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
  }),
  pullPolicy: field(pullPolicySchema, {
    proto: 2,
    doc:
      "Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.",
  }),
}, { doc: "ImageVolumeSource represents a image volume resource." });
/** ImageVolumeSource represents a image volume resource. */
export type ImageVolumeSource = TypeOf<typeof imageVolumeSourceSchema>;

/** Represents the source of a volume to mount. Only one of its members may be specified. */
export const volumeSourceSchema = obj("io.k8s.api.core.v1.VolumeSource", {
  hostPath: field(hostPathVolumeSourceSchema, {
    proto: 1,
    doc:
      "hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. This is generally used for system agents or other privileged things that are allowed to see the host machine. Most containers will NOT need this. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath",
  }),
  emptyDir: field(emptyDirVolumeSourceSchema, {
    proto: 2,
    doc:
      "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir",
  }),
  gcePersistentDisk: field(gcePersistentDiskVolumeSourceSchema, {
    proto: 3,
    doc:
      "gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod. Deprecated: GCEPersistentDisk is deprecated. All operations for the in-tree gcePersistentDisk type are redirected to the pd.csi.storage.gke.io CSI driver. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk",
  }),
  awsElasticBlockStore: field(awsElasticBlockStoreVolumeSourceSchema, {
    proto: 4,
    doc:
      "awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod. Deprecated: AWSElasticBlockStore is deprecated. All operations for the in-tree awsElasticBlockStore type are redirected to the ebs.csi.aws.com CSI driver. More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore",
  }),
  gitRepo: field(gitRepoVolumeSourceSchema, {
    proto: 5,
    doc:
      "gitRepo represents a git repository at a particular revision. Deprecated: GitRepo is deprecated. To provision a container with a git repo, mount an EmptyDir into an InitContainer that clones the repo using git, then mount the EmptyDir into the Pod's container.",
  }),
  secret: field(secretVolumeSourceSchema, {
    proto: 6,
    doc:
      "secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret",
  }),
  nfs: field(nfsVolumeSourceSchema, {
    proto: 7,
    doc:
      "nfs represents an NFS mount on the host that shares a pod's lifetime More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
  }),
  iscsi: field(iscsiVolumeSourceSchema, {
    proto: 8,
    doc:
      "iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes/#iscsi",
  }),
  glusterfs: field(glusterfsVolumeSourceSchema, {
    proto: 9,
    doc:
      "glusterfs represents a Glusterfs mount on the host that shares a pod's lifetime. Deprecated: Glusterfs is deprecated and the in-tree glusterfs type is no longer supported.",
  }),
  persistentVolumeClaim: field(persistentVolumeClaimVolumeSourceSchema, {
    proto: 10,
    doc:
      "persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
  }),
  rbd: field(rbdVolumeSourceSchema, {
    proto: 11,
    doc:
      "rbd represents a Rados Block Device mount on the host that shares a pod's lifetime. Deprecated: RBD is deprecated and the in-tree rbd type is no longer supported.",
  }),
  flexVolume: field(flexVolumeSourceSchema, {
    proto: 12,
    doc:
      "flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin. Deprecated: FlexVolume is deprecated. Consider using a CSIDriver instead.",
  }),
  cinder: field(cinderVolumeSourceSchema, {
    proto: 13,
    doc:
      "cinder represents a cinder volume attached and mounted on kubelets host machine. Deprecated: Cinder is deprecated. All operations for the in-tree cinder type are redirected to the cinder.csi.openstack.org CSI driver. More info: https://examples.k8s.io/mysql-cinder-pd/README.md",
  }),
  cephfs: field(cephFSVolumeSourceSchema, {
    proto: 14,
    doc:
      "cephFS represents a Ceph FS mount on the host that shares a pod's lifetime. Deprecated: CephFS is deprecated and the in-tree cephfs type is no longer supported.",
  }),
  flocker: field(flockerVolumeSourceSchema, {
    proto: 15,
    doc:
      "flocker represents a Flocker volume attached to a kubelet's host machine. This depends on the Flocker control service being running. Deprecated: Flocker is deprecated and the in-tree flocker type is no longer supported.",
  }),
  downwardAPI: field(downwardAPIVolumeSourceSchema, {
    proto: 16,
    doc: "downwardAPI represents downward API about the pod that should populate this volume",
  }),
  fc: field(fcVolumeSourceSchema, {
    proto: 17,
    doc:
      "fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.",
  }),
  azureFile: field(azureFileVolumeSourceSchema, {
    proto: 18,
    doc:
      "azureFile represents an Azure File Service mount on the host and bind mount to the pod. Deprecated: AzureFile is deprecated. All operations for the in-tree azureFile type are redirected to the file.csi.azure.com CSI driver.",
  }),
  configMap: field(configMapVolumeSourceSchema, {
    proto: 19,
    doc: "configMap represents a configMap that should populate this volume",
  }),
  vsphereVolume: field(vsphereVirtualDiskVolumeSourceSchema, {
    proto: 20,
    doc:
      "vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine. Deprecated: VsphereVolume is deprecated. All operations for the in-tree vsphereVolume type are redirected to the csi.vsphere.vmware.com CSI driver.",
  }),
  quobyte: field(quobyteVolumeSourceSchema, {
    proto: 21,
    doc:
      "quobyte represents a Quobyte mount on the host that shares a pod's lifetime. Deprecated: Quobyte is deprecated and the in-tree quobyte type is no longer supported.",
  }),
  azureDisk: field(azureDiskVolumeSourceSchema, {
    proto: 22,
    doc:
      "azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod. Deprecated: AzureDisk is deprecated. All operations for the in-tree azureDisk type are redirected to the disk.csi.azure.com CSI driver.",
  }),
  photonPersistentDisk: field(photonPersistentDiskVolumeSourceSchema, {
    proto: 23,
    doc:
      "photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine. Deprecated: PhotonPersistentDisk is deprecated and the in-tree photonPersistentDisk type is no longer supported.",
  }),
  projected: field(projectedVolumeSourceSchema, {
    proto: 26,
    doc: "projected items for all in one resources secrets, configmaps, and downward API",
  }),
  portworxVolume: field(portworxVolumeSourceSchema, {
    proto: 24,
    doc:
      "portworxVolume represents a portworx volume attached and mounted on kubelets host machine. Deprecated: PortworxVolume is deprecated. All operations for the in-tree portworxVolume type are redirected to the pxd.portworx.com CSI driver.",
  }),
  scaleIO: field(scaleIOVolumeSourceSchema, {
    proto: 25,
    doc:
      "scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes. Deprecated: ScaleIO is deprecated and the in-tree scaleIO type is no longer supported.",
  }),
  storageos: field(storageOSVolumeSourceSchema, {
    proto: 27,
    doc:
      "storageOS represents a StorageOS volume attached and mounted on Kubernetes nodes. Deprecated: StorageOS is deprecated and the in-tree storageos type is no longer supported.",
  }),
  csi: field(csiVolumeSourceSchema, {
    proto: 28,
    doc:
      "csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.",
  }),
  ephemeral: field(ephemeralVolumeSourceSchema, {
    proto: 29,
    doc:
      "ephemeral represents a volume that is handled by a cluster storage driver. The volume's lifecycle is tied to the pod that defines it - it will be created before the pod starts, and deleted when the pod is removed.\n\nUse this if: a) the volume is only needed while the pod runs, b) features of normal volumes like restoring from snapshot or capacity\n   tracking are needed,\nc) the storage driver is specified through a storage class, and d) the storage driver supports dynamic volume provisioning through\n   a PersistentVolumeClaim (see EphemeralVolumeSource for more\n   information on the connection between this volume type\n   and PersistentVolumeClaim).\n\nUse PersistentVolumeClaim or one of the vendor-specific APIs for volumes that persist for longer than the lifecycle of an individual pod.\n\nUse CSI for light-weight local ephemeral volumes if the CSI driver is meant to be used that way - see the documentation of the driver for more information.\n\nA pod can use both types of ephemeral volumes and persistent volumes at the same time.",
  }),
  image: field(imageVolumeSourceSchema, {
    proto: 30,
    doc:
      "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine. The volume is resolved at pod startup depending on which PullPolicy value is provided:\n\n- Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. - Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. - IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails.\n\nThe volume gets re-resolved if the pod gets deleted and recreated, which means that new remote content will become available on pod recreation. A failure to resolve or pull the image during pod startup will block containers from starting and may add significant latency. Failures will be retried using normal volume backoff and will be reported on the pod reason and message. The types of objects that may be mounted by this volume are defined by the container runtime implementation on a host machine and at minimum must include all valid types supported by the container image field. The OCI object gets mounted in a single directory (spec.containers[*].volumeMounts.mountPath) by merging the manifest layers in the same way as for container images. The volume will be mounted read-only (ro). Sub path mounts for containers are not supported (spec.containers[*].volumeMounts.subpath) before 1.33. The field spec.securityContext.fsGroupChangePolicy has no effect on this volume type.",
  }),
}, {
  doc: "Represents the source of a volume to mount. Only one of its members may be specified.",
});
/** Represents the source of a volume to mount. Only one of its members may be specified. */
export type VolumeSource = TypeOf<typeof volumeSourceSchema>;

/** Volume represents a named volume in a pod that may be accessed by any container in the pod. */
export const volumeSchema = obj("io.k8s.api.core.v1.Volume", {
  name: field(str(), {
    proto: 1,
    doc:
      "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
    required: true,
    default: "",
  }),
  volumeSource: inline(volumeSourceSchema, { proto: 2 }),
}, {
  doc:
    "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
  defaulter: (v) => {
    // SetDefaults_Volume: a volume without a source is an emptyDir.
    const sources = v as Record<string, unknown>;
    if (Object.keys(volumeSourceSchema.fields).every((k) => (sources[k] ?? null) === null)) {
      v.emptyDir = {};
    }
  },
});
/** Volume represents a named volume in a pod that may be accessed by any container in the pod. */
export type Volume = TypeOf<typeof volumeSchema>;
